import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RestartBudget, Supervisor } from './supervisor';

describe('RestartBudget', () => {
  it('given exits spread out, then each is restarted with a doubling back-off', () => {
    const budget = new RestartBudget(3, 60_000, 1_000);
    expect([budget.next(0), budget.next(5_000), budget.next(10_000)]).toEqual([
      { restart: true, count: 1, delayMs: 1_000 },
      { restart: true, count: 2, delayMs: 2_000 },
      { restart: true, count: 3, delayMs: 4_000 },
    ]);
  });

  it('given a fourth exit within the window, then it gives up', () => {
    const budget = new RestartBudget(3, 60_000, 1_000);
    for (const t of [0, 1_000, 2_000]) budget.next(t);
    expect(budget.next(59_999)).toEqual({ restart: false, exits: 4 });
  });

  it('given the earlier restarts left the window, then it restarts again, counting only the recent ones', () => {
    const budget = new RestartBudget(3, 60_000, 1_000);
    for (const t of [0, 1_000, 2_000]) budget.next(t);
    expect(budget.next(61_000)).toEqual({ restart: true, count: 2, delayMs: 2_000 });
  });
});

describe('Supervisor (real child processes)', () => {
  let dir: string;
  let supervisor: Supervisor | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supervisor-'));
  });
  afterEach(async () => {
    await supervisor?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A node process running `code`; `runs` counts its starts. */
  const child = (code: string) => {
    const runs: ChildProcess[] = [];
    const start = () => {
      const p = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
      runs.push(p);
      return p;
    };
    return { runs, start };
  };
  const stays = 'setInterval(() => {}, 1000)';
  const until = async (what: string, done: () => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const alive = (p: ChildProcess | undefined) =>
    p !== undefined && p.exitCode === null && p.signalCode === null;

  it('given one child crashes once, when it exits, then it is restarted after the back-off and the other keeps running', async () => {
    const marker = path.join(dir, 'crashed');
    // exits with 3 on its first run only
    const flaky = child(
      `const fs = require('fs'); if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); process.exit(3); } ${stays}`,
    );
    const steady = child(stays);
    const lines: string[] = [];
    const gaveUp: string[] = [];
    supervisor = new Supervisor({
      budget: () => new RestartBudget(3, 60_000, 200),
      onGiveUp: (reason) => gaveUp.push(reason),
      log: (line) => lines.push(line),
    });
    supervisor.add('workers', steady.start);
    const crashedAt = Date.now();
    supervisor.add('api', flaky.start);

    await until('the restart', () => flaky.runs.length === 2 && alive(flaky.runs[1]));
    expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(200);
    expect(flaky.runs[0]!.exitCode).toBe(3);
    expect(lines).toEqual([
      expect.stringMatching(
        /^api exited \(code 3\); restarting it in 0\.2 s \(restart 1 of at most 3 within 60 s\)/,
      ),
    ]);
    expect(supervisor.process('api')).toBe(flaky.runs[1]);
    // the other child was neither stopped nor restarted
    expect(steady.runs).toHaveLength(1);
    expect(alive(steady.runs[0])).toBe(true);
    expect(gaveUp).toEqual([]);
  });

  it('given a child that keeps crashing, when it exceeds the budget, then the supervisor gives up once with the reason and restarts nothing more', async () => {
    const crashing = child('process.exit(1)');
    const steady = child(stays);
    const lines: string[] = [];
    const gaveUp: string[] = [];
    supervisor = new Supervisor({
      budget: () => new RestartBudget(2, 60_000, 20),
      onGiveUp: (reason) => gaveUp.push(reason),
      log: (line) => lines.push(line),
    });
    supervisor.add('workers', crashing.start);
    supervisor.add('api', steady.start);

    await until('giving up', () => gaveUp.length > 0);
    expect(gaveUp).toEqual([
      'workers exited 3 times within 60 s (last: code 1); restarting it again will not help, stopping everything.',
    ]);
    expect(lines.filter((l) => l.includes('restarting it in'))).toHaveLength(2);
    // positive control for "nothing more": the crashing child ran exactly 1 + 2 restarts
    await new Promise((r) => setTimeout(r, 200));
    expect(crashing.runs).toHaveLength(3);
    expect(gaveUp).toHaveLength(1);
    expect(alive(steady.runs[0])).toBe(true);
  });

  it('given the stack stops, when the children exit on SIGTERM, then none is restarted', async () => {
    const a = child(stays);
    const b = child(stays);
    const lines: string[] = [];
    supervisor = new Supervisor({
      budget: () => new RestartBudget(3, 60_000, 10),
      onGiveUp: () => lines.push('gave up'),
      log: (line) => lines.push(line),
    });
    supervisor.add('workers', a.start);
    supervisor.add('api', b.start);
    await until(
      'both running',
      () => typeof a.runs[0]?.pid === 'number' && typeof b.runs[0]?.pid === 'number',
    );

    await supervisor.stop();

    expect([a.runs[0]!.signalCode, b.runs[0]!.signalCode]).toEqual(['SIGTERM', 'SIGTERM']);
    await new Promise((r) => setTimeout(r, 100));
    expect([a.runs.length, b.runs.length, lines]).toEqual([1, 1, []]);
  });

  it('given a command that cannot be spawned, then it counts as a crash', async () => {
    const lines: string[] = [];
    const gaveUp: string[] = [];
    supervisor = new Supervisor({
      budget: () => new RestartBudget(1, 60_000, 10),
      onGiveUp: (reason) => gaveUp.push(reason),
      log: (line) => lines.push(line),
    });
    supervisor.add('api', () => spawn(path.join(dir, 'no-such-command'), [], { stdio: 'ignore' }));
    await until('giving up', () => gaveUp.length > 0);
    expect(gaveUp[0]).toMatch(/^api exited 2 times within 60 s \(last: failed to run: spawn .*ENOENT\)/);
  });
});
