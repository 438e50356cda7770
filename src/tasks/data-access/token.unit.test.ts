import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenSource } from './token';

describe('TokenSource', () => {
  let server: http.Server;
  let url: string;
  let issued = 0;
  let expiresIn = 300;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        if (form.get('client_secret') !== 'right-secret-0123') {
          res.writeHead(401).end('{"error":"unauthorized_client"}');
          return;
        }
        issued++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: `token-${issued}`, expires_in: expiresIn }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => (issued = 0));

  const source = (clock: () => number, secret = 'right-secret-0123') =>
    new TokenSource({ tokenUrl: url, clientId: 'c', clientSecret: secret, timeoutMs: 2_000 }, clock);

  it('given parallel callers, then one token is fetched and kept until shortly before expiry', async () => {
    let now = 0;
    const s = source(() => now);
    expect(await Promise.all([s.token(), s.token()])).toEqual(['token-1', 'token-1']);
    now = 269_000; // 300 s lifetime - 30 s margin
    expect(await s.token()).toBe('token-1');
    now = 270_001;
    expect(await s.token()).toBe('token-2');
  });

  it('given a short-lived token, then it is renewed at half its lifetime', async () => {
    expiresIn = 20;
    let now = 0;
    const s = source(() => now);
    expect(await s.token()).toBe('token-1');
    now = 10_001;
    expect(await s.token()).toBe('token-2');
    expiresIn = 300;
  });

  it('given a wrong secret, then a 503 naming the settings to check', async () => {
    await expect(source(() => 0, 'wrong-secret-00000').token()).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('TASKS_CLIENT_SECRET'),
    });
  });
});
