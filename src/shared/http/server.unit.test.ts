import type { Server } from 'node:http';
import net from 'node:net';
import { createHttpServer } from './server';

/** A raw connection that records what the server sent and when it closed. */
function connect(server: Server) {
  const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  const state = { received: '', closed: false };
  socket.on('data', (d: Buffer) => (state.received += d.toString()));
  socket.on('error', () => undefined);
  socket.on('close', () => (state.closed = true));
  return { socket, state };
}

async function until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('createHttpServer', () => {
  let server: Server;
  let timers: NodeJS.Timeout[];
  beforeEach(async () => {
    timers = [];
    // answers once the whole request has arrived
    server = createHttpServer((req, res) => req.resume().on('end', () => res.end('ok')), {
      headersTimeoutMs: 500,
      requestTimeoutMs: 1_500,
      keepAliveTimeoutMs: 300,
    });
    server.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
  });
  afterEach(async () => {
    timers.forEach(clearInterval);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  /** Sends `first`, then one more header line every 100 ms for as long as the test runs. */
  const trickle = (socket: net.Socket, first: string, line: (i: number) => string) => {
    socket.write(first);
    let i = 0;
    timers.push(setInterval(() => socket.writable && socket.write(line(i++)), 100));
  };

  it('disconnects a client that never finishes its headers (slow loris) with 408', async () => {
    // given a client that keeps sending header lines but never the blank line that ends them
    const { socket, state } = connect(server);
    trickle(socket, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', (i) => `X-Slow-${i}: 1\r\n`);

    // (positive control: it is still connected after a few lines)
    await new Promise((r) => setTimeout(r, 250));
    expect(state.closed).toBe(false);

    // then the server answers 408 and closes the connection soon after the headers timeout
    await until('the server to close the connection', () => state.closed, 2_500);
    expect(state.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('disconnects a client whose body never completes with 408', async () => {
    // given a request whose headers arrive in time but whose body trickles in forever
    const { socket, state } = connect(server);
    trickle(socket, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n', () => 'x');

    // then the request timeout ends it
    await until('the server to close the connection', () => state.closed, 4_000);
    expect(state.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers a client that sends its request in time, and closes the idle connection after the keep-alive timeout', async () => {
    // given a complete request
    const { socket, state } = connect(server);
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');

    // then it is answered and the connection stays open for the next request
    await until('the answer', () => state.received.includes('ok'), 1_000);
    expect(state.received).toMatch(/^HTTP\/1\.1 200 /);
    expect(state.closed).toBe(false);
    // and closed once it has been idle for the keep-alive timeout (plus Node's margin; its default is 5 s)
    await until('the idle connection to close', () => state.closed, 3_000);
  });
});
