import express from 'express';
import request from 'supertest';
import { logger } from '../logger';
import { errorHandler } from './error-handler';

function appThrowing(err: unknown) {
  const app = express();
  app.get('/x', () => {
    throw err;
  });
  app.use(errorHandler(logger().child({}, { level: 'silent' })));
  return app;
}

describe('errorHandler', () => {
  it.each(['ECONNREFUSED', 'PROTOCOL_CONNECTION_LOST', 'ETIMEDOUT'])(
    'answers 503 with a problem document when the database cannot be reached (%s)',
    async (code) => {
      // given a handler whose query fails because the database is down
      const app = appThrowing(Object.assign(new Error(`connect ${code} 127.0.0.1:3306`), { code }));

      // when it is called
      const res = await request(app).get('/x');

      // then the client learns the service is unavailable for now, not that something broke
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 503,
        detail: 'the database is unavailable; try again shortly',
      });
    },
  );

  it('answers 500 without details for any other unexpected error', async () => {
    const res = await request(appThrowing(new Error('secret internals'))).get('/x');
    expect(res.status).toBe(500);
    expect(res.body.detail).not.toContain('secret');
  });
});
