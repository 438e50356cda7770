import request from 'supertest';
import type { DataSource } from 'typeorm';
import { openDataSource, signedIn, testApp, testConfig } from '../shared/testing';
import { Role } from '../users';

describe('GET /health', () => {
  let ds: DataSource;
  beforeAll(async () => (ds = await openDataSource()));
  afterAll(() => ds.destroy());

  it('answers anonymous callers with the status only, and administrators with the detail', async () => {
    // given the app wired to the test cluster and database, an administrator and another role
    const app = testApp(ds);
    const admin = await signedIn(ds, 'health-admin', [Role.Administrator]);
    const owner = await signedIn(ds, 'health-owner', [Role.ProcessOwner]);

    // when health is asked anonymously
    const pub = await request(app).get('/health');

    // then it says whether the system serves, and nothing else: no versions, no database name.
    // Camunda may be DEGRADED here: other tests jump the broker's controlled clock, which makes
    // Zeebe flag its partition unhealthy (classifyTopology's unit test covers the states).
    expect(pub.status).toBe(200);
    expect(pub.body).toEqual({ status: expect.stringMatching(/^(UP|DEGRADED)$/) });
    expect(pub.text).not.toMatch(/Zeebe|MariaDB|MySQL|_test|\d+\.\d+\.\d+/);

    // when an administrator asks /api/health
    const detail = await request(app).get('/api/health').set('authorization', admin);

    // then both components are shown with their detail
    expect(detail.status).toBe(200);
    expect(detail.body.components.database).toMatchObject({
      status: 'UP',
      detail: expect.stringContaining('_test'),
    });
    expect(detail.body.components.camunda.status).toMatch(/^(UP|DEGRADED)$/);
    expect(detail.body.components.camunda.detail).toMatch(
      new RegExp(`^Zeebe ${testConfig().CAMUNDA_VERSION}`),
    );
    expect(detail.body.status).toBe(detail.body.components.camunda.status);

    // and nobody else gets it
    expect((await request(app).get('/api/health')).status).toBe(401);
    expect((await request(app).get('/api/health').set('authorization', owner)).status).toBe(403);
  });

  it('answers 503 when the cluster does not answer, naming Camunda only to administrators', async () => {
    // given an address where nothing listens
    const app = testApp(ds, { camundaRestAddress: 'http://127.0.0.1:9' });
    const admin = await signedIn(ds, 'health-admin', [Role.Administrator]);

    // when health is asked
    const pub = await request(app).get('/health');
    const detail = await request(app).get('/api/health').set('authorization', admin);

    // then the API reports itself down; the public answer does not say where it looked
    expect(pub.status).toBe(503);
    expect(pub.body).toEqual({ status: 'DOWN' });
    // and the administrator sees that it is Camunda, not the database
    expect(detail.status).toBe(503);
    expect(detail.body.status).toBe('DOWN');
    expect(detail.body.components.camunda.status).toBe('DOWN');
    expect(detail.body.components.camunda.detail).toContain('127.0.0.1:9');
    expect(detail.body.components.database.status).toBe('UP');
  });

  it('answers unknown routes and malformed JSON with problem+json', async () => {
    const app = testApp(ds, { camundaRestAddress: 'http://127.0.0.1:9' });

    const missing = await request(app).get('/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 404, detail: 'no route for GET /no-such-route' });

    // bodies are read only for signed-in /api requests (authentication comes first)
    const admin = await signedIn(ds, 'health-admin', [Role.Administrator]);
    const malformed = await request(app)
      .post('/api/projects')
      .set('authorization', admin)
      .set('content-type', 'application/json')
      .send('{"a":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(malformed.body.detail).toBe('the request body is not valid JSON');
  });

  it('serves the OpenAPI document and its page without credentials', async () => {
    const app = testApp(ds);
    const doc = await request(app).get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/projects', '/api/calendar/years/{year}']),
    );
    const page = await request(app).get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui-bundle.js');
    const asset = await request(app).get('/api/docs/assets/swagger-ui-bundle.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });
});
