import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, isPortFree } from '../ports';
import {
  descendants,
  isAlive,
  logFileOf,
  pidFileOf,
  runningPid,
  startService,
  type StackService,
} from './service';

/** A service whose process is a small Node program: it prints a line, then listens on `port` or exits. */
function fakeService(dir: string, port: number, behaviour: 'listen' | 'exit' | 'stubborn'): StackService {
  const listen = `require('net').createServer().listen(${port}, '127.0.0.1')`;
  const programs = {
    listen: `console.log('fake up'); ${listen}; process.on('SIGTERM', () => process.exit(0));`,
    exit: `console.log('fake: cannot start, disk full'); process.exit(3);`,
    // a launcher and the server it starts, both ignoring SIGTERM
    stubborn: `require('child_process').spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); ${listen.replace(/'/g, "\\'")}"], { stdio: 'inherit' }); process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);`,
  };
  const program = programs[behaviour];
  return {
    name: 'Fake',
    id: 'fake',
    dir,
    startTimeoutMs: 10_000,
    stopTimeoutMs: 1_000,
    ports: () => ({ 'fake port': port }),
    ensure: async () => undefined,
    // the folder on the command line, as real services have it (the pid check looks for it)
    prepare: async () => ({
      command: process.execPath,
      args: ['-e', program, dir],
      env: process.env,
      cwd: dir,
    }),
    probe: async () => {
      const up = !(await isPortFree(port));
      return { ready: up, detail: up ? 'listening' : 'not listening' };
    },
  };
}

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
