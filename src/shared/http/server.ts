/**
 * The API's HTTP server with deliberate timeouts instead of Node's defaults: a client that
 * never finishes its headers (slow loris) or its request is answered 408 and disconnected, and
 * an idle keep-alive connection is closed, so slow or idle clients cannot hold every socket.
 */
import http from 'node:http';

export interface ServerTimeouts {
  /** time to receive the request headers */
  headersTimeoutMs: number;
  /** time to receive the whole request, body included */
  requestTimeoutMs: number;
  /** how long an idle keep-alive connection stays open */
  keepAliveTimeoutMs: number;
}

export function createHttpServer(listener: http.RequestListener, timeouts: ServerTimeouts): http.Server {
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      // Node checks the two timeouts above only this often (30 s by default)
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersTimeoutMs),
    },
    listener,
  );
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  return server;
}
