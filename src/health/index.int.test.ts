import request from 'supertest';
import type { DataSource } from 'typeorm';
import { openDataSource, testApp, testConfig } from '../shared/testing';

describe('GET /health', () => {
  let ds: DataSource;
  beforeAll(async () => (ds = await openDataSource()));
  afterAll(() => ds.destroy());

  it('answers 200 when Camunda and the database are reachable', async () => {
    // given the app wired to the test cluster and database
    const app = testApp(ds);

    // when health is asked over HTTP
    const res = await request(app).get('/health');

    // then both serve. Camunda may be DEGRADED here: other tests jump the broker's controlled clock,
    // which makes Zeebe flag its partition unhealthy (classifyTopology's unit test covers the states).
    expect(res.status).toBe(200);
    expect(res.body.components.database).toMatchObject({
      status: 'UP',
      detail: expect.stringContaining('_test'),
    });
    expect(res.body.components.camunda.status).toMatch(/^(UP|DEGRADED)$/);
    expect(res.body.components.camunda.detail).toMatch(new RegExp(`^Zeebe ${testConfig().CAMUNDA_VERSION}`));
    expect(res.body.status).toBe(res.body.components.camunda.status);
  });

  it('answers 503 and names Camunda when the cluster does not answer', async () => {
    // given an address where nothing listens
    const app = testApp(ds, { camundaRestAddress: 'http://127.0.0.1:9' });

    // when health is asked
    const res = await request(app).get('/health');

    // then the API reports itself down because of Camunda, not the database
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('DOWN');
    expect(res.body.components.camunda.status).toBe('DOWN');
    expect(res.body.components.camunda.detail).toContain('127.0.0.1:9');
    expect(res.body.components.database.status).toBe('UP');
  });

  it('answers unknown routes and malformed JSON with problem+json', async () => {
    const app = testApp(ds, { camundaRestAddress: 'http://127.0.0.1:9' });

    const missing = await request(app).get('/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 404, detail: 'no route for GET /no-such-route' });

    const malformed = await request(app)
      .post('/health')
      .set('content-type', 'application/json')
      .send('{"a":');
    expect(malformed.status).toBe(400);
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
