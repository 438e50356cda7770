/** GET /api/openapi.json and a browsable page at /api/docs (Swagger UI served from node_modules, no CDN). */
import path from 'node:path';
import express, { Router } from 'express';
import { openApiDocument } from './document';

const page = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>政务信息化项目审批 API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/start.js"></script>
</body></html>`;

/** A file rather than an inline script: the Content-Security-Policy runs no inline script. */
const start = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' });\n`;

export function openApiRouter(version: string): Router {
  const router = Router();
  const document = openApiDocument(version);
  router.get('/api/openapi.json', (_req, res) => res.json(document));
  router.get('/api/docs', (_req, res) => res.type('html').send(page));
  router.get('/api/docs/start.js', (_req, res) => res.type('text/javascript').send(start));
  router.use(
    '/api/docs/assets',
    express.static(path.dirname(require.resolve('swagger-ui-dist/package.json'))),
  );
  return router;
}
