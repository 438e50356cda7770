/**
 * The Tasklist guard: a reverse proxy on Tasklist's public port that forwards everything to
 * Tasklist unchanged (the Host header too, so its sign-in redirects name the public address),
 * except a task action by id that Tasklist would not show the caller (rules.ts): that is refused
 * with 403 and a reason, and never reaches Tasklist.
 */
import http from 'node:http';
import { guardedTaskId, isClosedPath } from './rules';

export const GUARD_HEALTH_PATH = '/egov-guard/health';

export interface TasklistGuardOptions {
  /** Tasklist's own address, e.g. http://127.0.0.1:8122 */
  upstream: string;
  log?: (event: string, fields: Record<string, unknown>) => void;
}

function problem(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ status, message }));
}

/** Hop-by-hop headers: they describe the client's connection to the guard, not the guard's to Tasklist. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'upgrade'];
const endToEnd = (headers: http.IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.includes(name)));

export function createTasklistGuard(opts: TasklistGuardOptions): http.Server {
  const upstream = new URL(opts.upstream);
  // a bounded pool of kept-alive connections: a burst of new connections overflows Tomcat's accept
  // queue (100 side by side hung up, lifecycle benchmark at N = 100), and an idle socket is dropped
  // after 4 s, well before Tomcat closes it (20 s), so none is reused as it closes (N = 10 saw that)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32, maxFreeSockets: 32, timeout: 4_000 });
  const log = opts.log ?? (() => undefined);

  /** Tasklist's own answer to "may this caller see task `id`?" (its status code; 502 when unreachable). */
  const visibility = async (id: string, headers: http.IncomingHttpHeaders): Promise<number> => {
    const status = await visibilityOnce(id, headers);
    // a read: asked once more when the connection failed
    return status === 502 ? visibilityOnce(id, headers) : status;
  };
  const visibilityOnce = (id: string, headers: http.IncomingHttpHeaders) =>
    new Promise<number>((resolve) => {
      const check = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          agent,
          method: 'GET',
          path: `/v1/tasks/${id}`,
          headers: {
            host: headers.host ?? upstream.host,
            ...(headers.cookie ? { cookie: headers.cookie } : {}),
            ...(headers.authorization ? { authorization: headers.authorization } : {}),
            accept: 'application/json',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 502);
        },
      );
      check.on('error', () => resolve(502));
      check.end();
    });

  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const proxied = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        agent,
        method: req.method,
        path: req.url,
        headers: endToEnd(req.headers),
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, endToEnd(up.headers));
        up.pipe(res);
      },
    );
    proxied.on('error', (e) => {
      log('tasklist unreachable', { error: e.message, path: req.url });
      if (!res.headersSent) problem(res, 502, `Tasklist 暂时无法访问，请稍后重试（${e.message}）`);
      else res.destroy();
    });
    req.pipe(proxied);
  };

  return http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://guard').pathname;
    if (pathname === GUARD_HEALTH_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'UP', upstream: upstream.origin }));
      return;
    }
    if (isClosedPath(pathname)) {
      log('closed path refused', { method: req.method, path: pathname });
      problem(res, 404, '此接口未开放（not offered: use the REST API /v1）');
      return;
    }
    const taskId = guardedTaskId(req.method, pathname);
    if (!taskId) {
      forward(req, res);
      return;
    }
    void visibility(taskId, req.headers).then((status) => {
      if (status === 200) {
        forward(req, res);
        return;
      }
      // the body is not read: drop it so the connection is not left waiting
      req.resume();
      log('task action refused', { method: req.method, path: pathname, tasklistStatus: status });
      if (status === 401) problem(res, 401, '请先登录（not signed in）');
      else if (status === 502) problem(res, 502, 'Tasklist 暂时无法访问，请稍后重试');
      else
        problem(
          res,
          403,
          `您不在此任务的候选组中，不能认领、办理或查看它（task ${taskId} is not visible to you）`,
        );
    });
  });
}
