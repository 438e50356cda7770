import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, isPortFree } from '../ports';
import { fakeService } from './fake-service';
import {
  descendants,
  isAlive,
  logFileOf,
  pidFileOf,
  runningPid,
  startService,
  type StackService,
} from './service';

describe('startService', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts, waits until ready, and stops leaving the port free and no pid file', async () => {
    // given a service that comes up
    const port = await freePort();
    const s = fakeService(dir, port, 'listen');

    // when started
    const running = await startService(s);
    try {
      // then it is ready, its pid is recorded, its output is in its log
      expect(await isPortFree(port)).toBe(false);
      expect(runningPid(s)).toBe(running.pid);
      expect(fs.readFileSync(logFileOf(s), 'utf8')).toContain('fake up');
    } finally {
      // when stopped
      await running.stop();
    }
    // then nothing is left
    expect(await isPortFree(port)).toBe(true);
    expect(fs.existsSync(pidFileOf(s))).toBe(false);
  });

  it('knows a node that runs in another folder, and stops one started again on its folder', async () => {
    // given a service whose command line names only the folder it runs in, not its own
    const port = await freePort();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'service-node-'));
    const base = fakeService(dir, port, 'listen');
    const s: StackService = {
      ...base,
      prepare: async () => {
        const spec = await base.prepare();
        return { ...spec, args: spec.args.map((a) => (a === dir ? elsewhere : a)) };
      },
      runsIn: () => [elsewhere],
    };
    const first = await startService(s);
    try {
      // then the pid check finds it through runsIn, and would not without
      expect(runningPid(s)).toBe(first.pid);
      expect(runningPid({ ...s, runsIn: undefined })).toBeUndefined();

      // when it is killed and started again on the same folder (as a fault test does)
      process.kill(first.pid, 'SIGKILL');
      while (isAlive(first.pid)) await new Promise((r) => setTimeout(r, 50));
      const again = await startService(s, { detached: true });
      expect(runningPid(s)).toBe(again.pid);

      // and the first start's handle is stopped
      await first.stop();

      // then the one started again is stopped too
      expect(isAlive(again.pid)).toBe(false);
      expect(await isPortFree(port)).toBe(true);
    } finally {
      await first.stop();
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('kills a launcher and the server it started when they ignore SIGTERM', async () => {
    // given a launcher whose server holds the port, neither stopping on SIGTERM
    const port = await freePort();
    const s = fakeService(dir, port, 'stubborn');
    const running = await startService(s);
    const server = descendants(running.pid);
    expect(server.length).toBeGreaterThan(0);

    // when stopped
    await running.stop();

    // then both are gone after the grace time and the port is free
    expect(await isPortFree(port)).toBe(true);
    expect([running.pid, ...server].filter(isAlive)).toEqual([]);
  });

  it("reports a process that exits while starting with the tail of this run's log", async () => {
    // given a log with an earlier run's lines
    const s = fakeService(dir, await freePort(), 'exit');
    fs.writeFileSync(logFileOf(s), 'an earlier run\n');

    // when it fails to start, then the error ends with what this run wrote, and only that
    const error = await startService(s).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      /Fake: the process exited while starting\n--- last lines of .*fake\.log ---[\s\S]*cannot start, disk full/,
    );
    expect(error?.message).not.toContain('an earlier run');
    expect(fs.existsSync(pidFileOf(s))).toBe(false);
  });

  it('refuses a busy port before starting anything', async () => {
    // given the service's port taken by someone else
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    try {
      const s = fakeService(dir, port, 'listen');
      // when started, then one message names the port and its purpose, and no process was launched
      await expect(startService(s)).rejects.toThrow(
        new RegExp(`Port\\(s\\) already in use: ${port} \\(fake port\\)`),
      );
      expect(fs.existsSync(logFileOf(s))).toBe(false);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});

describe('startService: a service that never gets ready', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names it, its last check and what to do, and stops its process', async () => {
    // given a service whose process runs but never listens
    const s = fakeService(dir, await freePort(), 'silent', {
      startTimeoutMs: 1_500,
      advice: 'What to do: give it a port.',
    });

    // when it is started
    const error = await startService(s).then(
      () => undefined,
      (e: Error) => e,
    );

    // then one message says which service, what was seen last, what to do and what this run logged
    expect(error?.message).toMatch(
      /^Fake: not ready after 2 s \(last check: not listening\)\nWhat to do: give it a port\.\n--- last lines of .*fake\.log ---\n[\s\S]*starting Fake: /,
    );
    // and its process is gone
    const mine = descendants(process.pid).filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    });
    expect(mine.filter(isAlive)).toEqual([]);
    expect(fs.existsSync(pidFileOf(s))).toBe(false);
  });
});
