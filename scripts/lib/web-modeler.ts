/** Builds the web modeler (Vite) when web-modeler/dist is missing or older than its sources. */
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../../src/shared/config';
import { run } from './lifecycle';

const sources = [
  path.join(paths.repoRoot, 'web-modeler'),
  path.join(paths.repoRoot, 'src', 'modeler', 'lint'),
];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export async function ensureModelerBuilt(force = false): Promise<string> {
  const index = path.join(paths.webModelerDist, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (!force && built > Math.max(...sources.map(newestSource))) return 'up to date';
  const started = Date.now();
  await run(path.join(paths.repoRoot, 'node_modules', '.bin', 'vite'), [
    'build',
    '--config',
    path.join(paths.repoRoot, 'web-modeler', 'vite.config.mts'),
    '--logLevel',
    'warn',
  ]);
  return `built in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}
