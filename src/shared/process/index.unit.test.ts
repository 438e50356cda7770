import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import pino from 'pino';
import { paths } from '../config';
import { stopOnSignalsAndFaults, type ProcessEvents } from '.';

function harness(stop: () => Promise<void>, timeoutMs = 1_000) {
  const events = new EventEmitter();
  const lines: { level: number; msg: string; err?: { message: string } }[] = [];
  const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
  const exited: number[] = [];
  const stopped = jest.fn(stop);
  stopOnSignalsAndFaults({
    log,
    stop: stopped,
    timeoutMs,
    events: events as unknown as ProcessEvents,
    exit: (code) => exited.push(code),
  });
  return { events, lines, exited, stopped };
}

const settled = () => new Promise((r) => setTimeout(r, 20));

describe('stopOnSignalsAndFaults', () => {
  it.each([
    ['an uncaught exception', 'uncaughtException', 'uncaught exception; stopping'],
    ['an unhandled rejection', 'unhandledRejection', 'unhandled promise rejection; stopping'],
  ])('logs %s as fatal, stops cleanly and exits with 1', async (_what, event, msg) => {
    // given a process with the handlers
    const { events, lines, exited, stopped } = harness(() => Promise.resolve());

    // when the fault happens
    events.emit(event, new Error('boom'));
    await settled();

    // then it is logged with its error, the process stops its parts and exits non-zero
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 60, msg, err: expect.objectContaining({ message: 'boom' }) }),
    );
    expect(stopped).toHaveBeenCalledTimes(1);
    expect(exited).toEqual([1]);
  });

  it('stops with 0 on SIGTERM', async () => {
    const { events, exited, stopped } = harness(() => Promise.resolve());
    events.emit('SIGTERM');
    await settled();
    expect(stopped).toHaveBeenCalledTimes(1);
    expect(exited).toEqual([0]);
  });

  it('exits with 1 when stopping fails', async () => {
    const { events, lines, exited } = harness(() => Promise.reject(new Error('db gone')));
    events.emit('SIGINT');
    await settled();
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, msg: 'stopping failed' }));
    expect(exited).toEqual([1]);
  });

  it('exits at once on a second fault while stopping, and after the timeout when stopping hangs', async () => {
    // given a stop that never finishes
    const { events, exited, stopped } = harness(() => new Promise(() => undefined), 200);

    // when a fault starts stopping and a second one follows
    events.emit('uncaughtException', new Error('first'));
    await settled();
    expect(exited).toEqual([]); // (still stopping)
    events.emit('unhandledRejection', new Error('second'));

    // then the process exits at once, stops only once, and the timeout exits again in any case
    expect(exited).toEqual([1]);
    expect(stopped).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(exited).toEqual([1, 1]);
  });

  it('makes a real process log, run its stop and exit 1 on an unhandled rejection', () => {
    // given a node process that installs the handlers and then rejects a promise nobody awaits
    const script = `
      const pino = require('pino');
      const { stopOnSignalsAndFaults } = require(${JSON.stringify(path.join(__dirname, 'index.ts'))});
      stopOnSignalsAndFaults({ log: pino(), stop: async () => { console.log('STOPPED'); } });
      setInterval(() => undefined, 1000); // a server that would otherwise run on
      void Promise.reject(new Error('nobody awaited this'));
    `;

    // when it runs
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: paths.repoRoot,
      encoding: 'utf8',
      timeout: 20_000,
    });

    // then it logged the reason, ran its stop, and exited non-zero
    expect(run.stdout).toContain('nobody awaited this');
    expect(run.stdout).toContain('STOPPED');
    expect(run.status).toBe(1);
  });
});
