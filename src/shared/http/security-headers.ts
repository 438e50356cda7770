/**
 * Security headers on every response (pages, assets, JSON and problem documents alike), set
 * before anything else runs so that errors carry them too.
 *
 * The Content-Security-Policy allows only this origin's own scripts, styles, fonts, images and
 * connections. Styles also allow inline `style` attributes (bpmn-js, dmn-js, form-js and
 * Swagger UI position their elements with them); images and fonts also allow `data:` (icons
 * the bundles inline) and `blob:` (an exported diagram). No inline or evaluated script runs;
 * no page may be framed (against clickjacking), nor post a form elsewhere.
 */
import type { RequestHandler } from 'express';

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const headers: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // links out of the system never carry a project's URL
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  next();
};
