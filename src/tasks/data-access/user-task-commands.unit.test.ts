import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAppError } from '../../shared/errors';
import { BACKPRESSURE_SENDS } from '../../shared/camunda';
import { UserTaskCommands } from './user-task-commands';

/** A stand-in for the broker's REST API answering each POST with the next status of `statuses`. */
async function brokerAnswering(statuses: number[]) {
  const seen: { url: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', body });
      const status = statuses[Math.min(seen.length - 1, statuses.length - 1)]!;
      res.writeHead(status, { 'content-type': 'application/problem+json' });
      res.end(
        status === 204
          ? undefined
          : JSON.stringify({ detail: "Failed to write client request to partition '1'" }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const commands = new UserTaskCommands({ restAddress: `http://127.0.0.1:${port}`, timeoutMs: 5_000 }, 1);
  return { commands, seen, close: () => new Promise((r) => server.close(r)) };
}

describe('UserTaskCommands under the broker’s backpressure', () => {
  it('sends a refused completion again until the broker takes it', async () => {
    // given a broker refusing the first two sends with 429
    const broker = await brokerAnswering([429, 429, 204]);
    try {
      // when a task is completed
      const result = await broker.commands.complete('2251799813702882', { approved: true });
      // then the third send is taken, with the same variables each time
      expect(result).toBe('done');
      expect(broker.seen).toHaveLength(3);
      for (const s of broker.seen) {
        expect(s.url).toBe('/v2/user-tasks/2251799813702882/completion');
        expect(JSON.parse(s.body)).toEqual({ variables: { approved: true } });
      }
    } finally {
      await broker.close();
    }
  });

  it('answers unavailable, saying so, when the broker stays busy', async () => {
    // given a broker that refuses every send
    const broker = await brokerAnswering([429]);
    try {
      // when a task is assigned
      const error = await broker.commands.assign('1', 'cac-officer', false).then(
        () => undefined,
        (e: unknown) => e,
      );
      // then it gives up after BACKPRESSURE_SENDS sends with a 503-kind error that says to try again
      expect(broker.seen).toHaveLength(BACKPRESSURE_SENDS);
      expect(isAppError(error) && error.kind).toBe('unavailable');
      expect((error as Error).message).toMatch(/HTTP 429: .*try again shortly/);
    } finally {
      await broker.close();
    }
  });

  it('does not send again on another refusal', async () => {
    // given a broker refusing the variables (400)
    const broker = await brokerAnswering([400, 204]);
    try {
      // when a task is completed, then the refusal is the caller's, after one send
      await expect(broker.commands.complete('1', {})).rejects.toThrow('Camunda refused the task');
      expect(broker.seen).toHaveLength(1);
    } finally {
      await broker.close();
    }
  });
});
