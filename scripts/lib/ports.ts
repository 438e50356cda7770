/** Port checks, so a busy port is reported before anything is started. */
import net from 'node:net';

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws one message naming every busy port and what it was meant for. */
export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  const busy: string[] = [];
  for (const [what, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) busy.push(`${port} (${what})`);
  }
  if (busy.length > 0) {
    throw new Error(
      `Port(s) already in use: ${busy.join(', ')}.\n` +
        'Stop whatever listens there (see `ss -ltnp`), or choose other ports with the matching *_PORT settings in the README.',
    );
  }
}

export function canConnect(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Where integration tests start services of their own (a Keycloak, an OpenSearch, a MariaDB): below
 * the ports Linux hands to outgoing connections (32768 and up), so that no outgoing connection (of
 * the stack, of the test) takes one between the choice and the bind (seen once: a Keycloak's
 * management port), and between the ports of the test, scenario and benchmark stacks of every slot
 * (below 30000).
 */
export const TEST_SERVICE_PORTS = { from: 30_000, to: 32_767 };

/**
 * A port that is free together with `port + offset` for every offset (a service's derived ports).
 * `range`: scanned from `from` up, e.g. below the ports the OS hands to outgoing connections
 * (32768 and up on Linux), which may take a port of the block before the service binds it;
 * otherwise the OS picks.
 */
export async function freePortBlock(
  offsets: number[],
  range?: { from: number; to: number },
): Promise<number> {
  const top = Math.min(range?.to ?? 65536, 65536) - 1 - Math.max(0, ...offsets);
  for (let candidate = range?.from ?? 0; ; candidate++) {
    if (range && candidate > top) throw new Error(`no free port block in ${range.from}–${range.to}`);
    const port = range ? candidate : await freePort();
    if (port > top) continue;
    const all = await Promise.all([port, ...offsets.map((o) => port + o)].map((p) => isPortFree(p)));
    if (all.every(Boolean)) return port;
  }
}
