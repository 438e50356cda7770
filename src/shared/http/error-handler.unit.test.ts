import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { AppError } from '../errors';
import { errorHandler, notFound } from './error-handler';

/** A small app with the real body parser, router and static files in front of the handler. */
function app() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
  const a = express();
  a.use(express.json({ limit: '1kb' }));
  a.use('/static', express.static(__dirname));
  a.get('/things/:id', (req, res) => res.json({ id: req.params.id }));
  a.post('/things', (req, res) => res.json(req.body));
  a.get('/overwrite', () => {
    throw new AppError('bad-request', 'invalid query', { details: { status: 200, type: 'x', errors: [] } });
  });
  a.get('/bug', () => {
    throw new Error('secret internals');
  });
  a.get('/engine', () => {
    // what an HTTP client's error may look like: a 4xx status that is not the caller's fault
    throw Object.assign(new Error('engine said 400'), { status: 400, statusCode: 400 });
  });
  a.use(notFound);
  a.use(errorHandler(log));
  return { app: a, lines };
}

/** POSTs exactly these bytes and headers (supertest would re-encode a body it thinks it knows). */
async function json(body: string | Buffer, headers: Record<string, string> = {}) {
  const server = app().app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const bytes = Buffer.from(body);
    return await new Promise<{
      status: number;
      headers: http.IncomingHttpHeaders;
      body: Record<string, unknown>;
    }>((resolve, reject) => {
      const req = http.request(
        {
          port: (server.address() as AddressInfo).port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/things',
          headers: { 'content-type': 'application/json', 'content-length': bytes.length, ...headers },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              body: JSON.parse(Buffer.concat(parts).toString()) as Record<string, unknown>,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(bytes);
    });
  } finally {
    server.close();
  }
}

describe('errorHandler', () => {
  it.each([
    [
      'malformed percent-encoding in a path',
      () => request(app().app).get('/things/%FF%FE'),
      400,
      /percent-encoding/,
    ],
    ['a lone % in a path', () => request(app().app).get('/things/%'), 400, /percent-encoding/],
    ['invalid JSON', () => json('{"a":'), 400, /not valid JSON/],
    [
      'a body over the limit',
      () => json(JSON.stringify({ a: 'x'.repeat(2000) })),
      413,
      /larger than the limit of 1024/,
    ],
    [
      'an unsupported charset',
      () => json('{}', { 'content-type': 'application/json; charset=latin1' }),
      415,
      /charset "latin1" is not supported/,
    ],
    [
      'an unknown charset',
      () => json('{}', { 'content-type': 'application/json; charset=x-klingon' }),
      415,
      /charset "x-klingon" is not supported/,
    ],
    [
      'an unsupported Content-Encoding',
      () => json('{}', { 'content-encoding': 'compress' }),
      415,
      /Content-Encoding "compress"/,
    ],
    [
      'a body that is not the gzip it claims',
      () => json('{}', { 'content-encoding': 'gzip' }),
      400,
      /could not be decompressed/,
    ],
    [
      'a gzip body that inflates past the limit',
      () => json(zlib.gzipSync(JSON.stringify({ a: 'x'.repeat(100_000) })), { 'content-encoding': 'gzip' }),
      413,
      /larger than the limit/,
    ],
  ])(
    'answers %s with its client-error status and a problem document',
    async (_what, send, status, detail) => {
      // when the request arrives
      const res = await send();

      // then its status is the client error the parser or router found, with a reason
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.status).toBe(status);
      expect(res.body.detail).toMatch(detail);
      expect(res.body.type).toMatch(/^(urn:egov-approvals:problem:|about:blank$)/);
    },
  );

  it('names the problem types of the statuses it knows', async () => {
    expect((await json('{"a":')).body.type).toBe('urn:egov-approvals:problem:bad-request');
    expect((await json('{}', { 'content-encoding': 'compress' })).body.type).toBe(
      'urn:egov-approvals:problem:unsupported-media-type',
    );
  });

  it('does not let details overwrite status or type', async () => {
    const res = await request(app().app).get('/overwrite');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      status: 400,
      type: 'urn:egov-approvals:problem:bad-request',
      errors: [],
    });
  });

  it.each([
    ['an unexpected error', '/bug'],
    ['a 4xx status on an error that does not say it is safe to show', '/engine'],
  ])('answers %s with a logged 500 that leaks nothing', async (_what, path) => {
    // given an app whose route fails
    const { app: a, lines } = app();

    // when it is called
    const res = await request(a).get(path);

    // then the client gets a generic 500, and the log has the error
    expect(res.status).toBe(500);
    expect(res.body.detail).toBe('an unexpected error occurred; it has been logged');
    expect(JSON.stringify(res.body)).not.toMatch(/secret|engine said/);
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, msg: 'unhandled error' }));
  });
});

describe('errorHandler, when the database cannot be reached', () => {
  function appThrowing(err: unknown) {
    const a = express();
    a.get('/x', () => {
      throw err;
    });
    a.use(errorHandler(pino({ level: 'silent' })));
    return a;
  }

  it.each(['ECONNREFUSED', 'PROTOCOL_CONNECTION_LOST', 'ETIMEDOUT'])(
    'answers 503 with a problem document (%s)',
    async (code) => {
      // given a handler whose query fails because the database is down
      const a = appThrowing(Object.assign(new Error(`connect ${code} 127.0.0.1:3306`), { code }));
      // when it is called
      const res = await request(a).get('/x');
      // then the client learns the service is unavailable for now, not that something broke
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 503,
        detail: 'the database is unavailable; try again shortly',
      });
    },
  );
});
