/**
 * Sends a request byte for byte over a TCP socket: node's http client refuses to send most of what
 * an attacker sends (broken encodings, conflicting lengths, control characters).
 */
import net from 'node:net';
import type { HostileRequest } from './requests';

export interface Outcome {
  /** the HTTP status, when an answer came */
  status?: number;
  /** why no answer came: the server closed or reset the connection, refused it, or did not answer in time */
  error?: 'closed' | 'reset' | 'refused' | 'timeout' | 'aborted-by-us';
  /** the start of the answer's body, for the report */
  excerpt: string;
  headers: Record<string, string>;
}

export function serialise(r: HostileRequest, host: string): Buffer {
  const names = new Set(r.headers.map(([k]) => k.toLowerCase()));
  const lines = [`${r.method} ${r.target} HTTP/1.1`];
  if (!names.has('host')) lines.push(`Host: ${host}`);
  for (const [k, v] of r.headers) lines.push(`${k}: ${v}`);
  if (r.body && !names.has('content-length') && !names.has('transfer-encoding'))
    lines.push(`Content-Length: ${r.body.length}`);
  lines.push('Connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), r.body ?? Buffer.alloc(0)]);
}

function parse(raw: Buffer): Pick<Outcome, 'status' | 'excerpt' | 'headers'> {
  const text = raw.toString('utf8');
  const head = text.split('\r\n\r\n', 1)[0]!;
  const [statusLine, ...headerLines] = head.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1];
  const headers: Record<string, string> = {};
  for (const l of headerLines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return {
    status: status ? Number(status) : undefined,
    excerpt: text.slice(head.length + 4, head.length + 4 + 300),
    headers,
  };
}

export function send(
  r: HostileRequest,
  port: number,
  timeoutMs = 20_000,
  host = '127.0.0.1',
): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const socket = net.connect({ host, port, localAddress: r.from });
    const finish = (error?: Outcome['error']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const parsed = parse(Buffer.concat(chunks));
      resolve({ ...parsed, error: parsed.status === undefined ? (error ?? 'closed') : undefined });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('connect', () => {
      const bytes = serialise(r, `${host}:${port}`);
      if (r.ending === 'abort') {
        socket.write(bytes, () => setTimeout(() => finish('aborted-by-us'), 50));
        return;
      }
      socket.write(bytes);
      if (r.ending === 'half-close') socket.end();
    });
    socket.on('data', (c: Buffer) => {
      // the status line and the start of the body are enough
      if (size < 64 * 1024) chunks.push(c);
      size += c.length;
    });
    socket.on('end', () => finish('closed'));
    socket.on('error', (e: NodeJS.ErrnoException) =>
      finish(
        e.code === 'ECONNREFUSED'
          ? 'refused'
          : e.code === 'ECONNRESET' || e.code === 'EPIPE'
            ? 'reset'
            : 'closed',
      ),
    );
  });
}
