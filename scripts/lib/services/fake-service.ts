/**
 * A stand-in service for unit tests of the start-up logic: a small Node program that listens on
 * `port` (ready), exits at once (cannot start), runs without ever listening (never ready), or
 * ignores SIGTERM together with a server it started (a stubborn launcher).
 */
import { isPortFree } from '../ports';
import type { StackService } from './service';

export type FakeBehaviour = 'listen' | 'exit' | 'silent' | 'stubborn';

export function fakeService(
  dir: string,
  port: number,
  behaviour: FakeBehaviour,
  opts: { name?: string; id?: string; portName?: string; startTimeoutMs?: number; advice?: string } = {},
): StackService {
  const listen = `require('net').createServer().listen(${port}, '127.0.0.1')`;
  const programs: Record<FakeBehaviour, string> = {
    listen: `console.log('fake up'); ${listen}; process.on('SIGTERM', () => process.exit(0));`,
    exit: `console.log('fake: cannot start, disk full'); process.exit(3);`,
    silent: `console.log('fake: waiting forever'); setInterval(() => {}, 1000); process.on('SIGTERM', () => process.exit(0));`,
    stubborn: `require('child_process').spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); ${listen.replace(/'/g, "\\'")}"], { stdio: 'inherit' }); process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);`,
  };
  return {
    name: opts.name ?? 'Fake',
    id: opts.id ?? 'fake',
    dir,
    startTimeoutMs: opts.startTimeoutMs ?? 10_000,
    stopTimeoutMs: 1_000,
    ports: () => ({ [opts.portName ?? 'fake port']: port }),
    ensure: async () => undefined,
    // the folder on the command line, as real services have it (the pid check looks for it)
    prepare: async () => ({
      command: process.execPath,
      args: ['-e', programs[behaviour], dir],
      env: process.env,
      cwd: dir,
    }),
    probe: async () => {
      const up = !(await isPortFree(port));
      return { ready: up, detail: up ? 'listening' : 'not listening' };
    },
    advice: opts.advice,
  };
}
