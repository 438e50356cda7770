/** Every kind of answer of the whole app carries the security headers: pages, assets, JSON, errors. */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { paths } from '../config';
import { openDataSource, signedIn, testApp } from '../testing';
import { Role } from '../../users';

describe('security headers', () => {
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let admin: string;
  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds);
    admin = await signedIn(ds, 'headers-admin', [Role.Administrator]);
  });
  afterAll(() => ds.destroy());

  /** One script the built modeler page loads (npm test builds the modeler first). */
  const modelerAsset = () => {
    const index = fs.readFileSync(path.join(paths.webModelerDist, 'index.html'), 'utf8');
    return /src="(\/modeler\/assets\/[^"]+\.js)"/.exec(index)![1]!;
  };

  it.each([
    ['the public health status', () => request(app).get('/health')],
    ['the modeler page', () => request(app).get('/modeler/')],
    ['a modeler script', () => request(app).get(modelerAsset())],
    ['the API documentation page', () => request(app).get('/api/docs')],
    ['a Swagger UI asset', () => request(app).get('/api/docs/assets/swagger-ui.css')],
    ['the OpenAPI document', () => request(app).get('/api/openapi.json')],
    ['a JSON answer of the API', () => request(app).get('/api/projects').set('authorization', admin)],
    ['a 401', () => request(app).get('/api/projects')],
    ['a 404', () => request(app).get('/no-such-page')],
    ['a 400 from the router', () => request(app).get('/api/projects/%FF').set('authorization', admin)],
    [
      'a 415 from the body parser',
      () =>
        request(app)
          .post('/api/projects')
          .set('authorization', admin)
          .set('content-type', 'application/json; charset=latin1')
          .send('{}'),
    ],
  ])('are on %s', async (_what, send) => {
    const res = await send();
    expect(res.status).toBeLessThan(500);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
});
