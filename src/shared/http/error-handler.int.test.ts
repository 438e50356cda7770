/** The central error handler behind the whole app: hostile requests get client errors, never a 5xx. */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { Role } from '../../users';
import { openDataSource, signedIn, testApp } from '../testing';

describe('error answers of the whole app', () => {
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let admin: string;
  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds);
    admin = await signedIn(ds, 'errors-admin', [Role.Administrator]);
  });
  afterAll(() => ds.destroy());

  const post = (path: string, headers: Record<string, string>, body = '{}') => {
    const req = request(app).post(path).set('authorization', admin);
    for (const [k, v] of Object.entries(headers)) void req.set(k, v);
    return req.send(body);
  };

  it.each([
    [
      'malformed percent-encoding in a project code',
      () => request(app).get('/api/projects/%FF%FE').set('authorization', admin),
      400,
    ],
    [
      'malformed percent-encoding in a document id',
      () => request(app).get('/api/projects/LS-2026-0001/documents/%E0%A4%A').set('authorization', admin),
      400,
    ],
    [
      'malformed percent-encoding in a calendar date',
      () => request(app).get('/api/calendar/days/%C0').set('authorization', admin),
      400,
    ],
    [
      'a Latin-1 JSON body',
      () =>
        post('/api/projects', {
          'content-type': 'application/json; charset=latin1',
          'idempotency-key': 'errors-1',
        }),
      415,
    ],
    [
      'an unknown charset',
      () =>
        post('/api/projects', {
          'content-type': 'application/json; charset=utf-1024',
          'idempotency-key': 'errors-2',
        }),
      415,
    ],
    [
      'an unsupported Content-Encoding',
      () =>
        post('/api/projects', {
          'content-type': 'application/json',
          'content-encoding': 'x-bomb',
          'idempotency-key': 'errors-3',
        }),
      415,
    ],
    [
      'invalid JSON',
      () =>
        post(
          '/api/projects',
          { 'content-type': 'application/json', 'idempotency-key': 'errors-4' },
          '{"title":',
        ),
      400,
    ],
    [
      'a JSON body over 1 MB',
      () =>
        post(
          '/api/projects',
          { 'content-type': 'application/json', 'idempotency-key': 'errors-5' },
          JSON.stringify({ title: 'x'.repeat(1_100_000) }),
        ),
      413,
    ],
    ['malformed percent-encoding in a modeler path', () => request(app).get('/modeler/%E0%A4%A'), 400],
  ])('answers %s with a client error and a problem document', async (_what, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, detail: expect.any(String) });
  });
});
