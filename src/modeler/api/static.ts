/** Serves the built web modeler (web-modeler/dist) at /modeler; sign-in happens inside the app. */
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

export function modelerApp(distDir: string): Router {
  const router = Router();
  router.use(express.static(distDir, { index: false, maxAge: '1h' }));
  router.get('/{*rest}', (_req, res) => {
    const index = path.join(distDir, 'index.html');
    if (!fs.existsSync(index)) {
      res
        .status(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><p>网页建模器尚未构建：请运行 <code>npm run modeler:build</code>。</p>',
        );
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
