/**
 * Start-up with clean-up: every started part registers how to stop it. On failure or Ctrl-C the
 * parts stop in reverse order, so no half-started processes are left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';

type Cleanup = { name: string; run: () => Promise<void> };

export class Lifecycle {
  private readonly cleanups: Cleanup[] = [];
  private stoppingPromise?: Promise<void>;

  onStop(name: string, run: () => Promise<void>): void {
    this.cleanups.push({ name, run });
  }

  stop(): Promise<void> {
    this.stoppingPromise ??= (async () => {
      for (const c of [...this.cleanups].reverse()) {
        try {
          await c.run();
        } catch (e) {
          console.error(`while stopping ${c.name}: ${(e as Error).message}`);
        }
      }
    })();
    return this.stoppingPromise;
  }

  /** Ctrl-C / SIGTERM stop everything, then exit with `code`. */
  stopOnSignals(code = 0): void {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        console.log(`\n${signal}: stopping…`);
        void this.stop().then(() => process.exit(code));
      });
    }
  }
}

/** Waits for every promise; then rethrows the first failure, if any (so nothing is still starting). */
export async function settled(promises: (Promise<unknown> | undefined)[]): Promise<void> {
  const results = await Promise.allSettled(promises.map((p) => p ?? Promise.resolve()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Sends SIGTERM, waits up to `graceMs`, then SIGKILL. Resolves when the process is gone. */
export function terminate(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs a command to completion with inherited output; rejects with its exit code. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`)),
    );
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (!isAlive()) throw new Error(`${what}: the process exited while starting`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s`);
}
