// Builds the web modeler into web-modeler/dist, which the API serves at /modeler.
import path from 'node:path';

const here = import.meta.dirname;
import { defineConfig } from 'vite';

export default defineConfig({
  root: here,
  base: '/modeler/',
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  server: {
    // the lint rules are shared with the API and live in src/modeler/lint
    fs: { allow: [path.join(here, '..')] },
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
