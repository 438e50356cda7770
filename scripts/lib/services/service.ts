/**
 * The shape every service of the stack shares (OpenSearch now; Keycloak, the broker and the web
 * apps can adopt it): a service says how to fetch what it runs, how to launch it and how to tell
 * that it is ready; `startService` / `stopService` do the rest the same way for all of them —
 * busy ports refused before anything starts, one log file and one pid file in the service's own
 * folder, ready-wait with the log's tail on failure, and nothing left half-started.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lifecycle';
import { assertPortsFree } from '../ports';

export interface ServiceStatus {
  ready: boolean;
  /** one line for the operator, e.g. "cluster health green" or "no answer at http://…" */
  detail: string;
}

/** How to launch the service's process; `prepare()` has written whatever it reads. */
export interface LaunchSpec {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface StackService {
  /** as shown to the operator: "OpenSearch 2.19.6" */
  readonly name: string;
  /** the service's own folder: its data, `<id>.log` and `<id>.pid` */
  readonly dir: string;
  /** short name for files and the pid check: "opensearch" */
  readonly id: string;
  readonly startTimeoutMs: number;
  /** grace between SIGTERM and SIGKILL */
  readonly stopTimeoutMs: number;
  /** every port it binds, by purpose: refused before start when one is busy */
  ports(): Record<string, number>;
  /** fetch, verify and assemble what it runs (cached; cheap when done before) */
  ensure(): Promise<void>;
  /** ensure, then write its configuration and return how to launch it */
  prepare(): Promise<LaunchSpec>;
  /** is it ready now? (never throws) */
  probe(): Promise<ServiceStatus>;
  /** what the operator can do when it does not start (shown with the error) */
  readonly advice?: string;
  /**
   * folders other than `dir` that its command line may name instead (where the node actually runs
   * when its user cannot reach `dir`): the pid check accepts any of them
   */
  runsIn?(): string[];
}

export interface RunningService {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

export const logFileOf = (s: StackService) => path.join(s.dir, `${s.id}.log`);
export const pidFileOf = (s: StackService) => path.join(s.dir, `${s.id}.pid`);

/** The last `lines` lines of a log file written after byte `from` (this run's part), for error messages. */
export function logTail(file: string, lines = 40, from = 0): string {
  if (!fs.existsSync(file)) return '(no log written)';
  const text = fs.readFileSync(file).subarray(from).toString('utf8');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Runs (a zombie, exited but not yet reaped by its parent, does not count). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z') return true;
    // a killed multi-threaded process (a JVM, node) shows its leader as a zombie while its other
    // threads still exit and hold its files and sockets: gone only once they are
    return fs.readdirSync(`/proc/${pid}/task`).length > 1;
  } catch {
    // no /proc (not Linux), or gone meanwhile
    return fs.existsSync('/proc/self/stat') ? false : true;
  }
}

/** The processes started by `pid`, at any depth (Linux /proc; empty elsewhere). */
export function descendants(pid: number): number[] {
  if (!fs.existsSync('/proc/self/stat')) return [];
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …"; comm may contain spaces and parentheses
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/**
 * Resident memory of `pid` and every process it started, in MiB (Linux /proc): a launcher script
 * or `setpriv` is counted with the JVM it runs, whichever user that runs as.
 */
export function residentMiB(pid: number): number {
  let kib = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      kib += Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kib / 1024;
}

/**
 * CPU time (user + system, seconds) `pid` and every process it started have used so far, with
 * what their exited children used (Linux /proc, 100 ticks per second): a start-up's cost, which
 * unlike its duration hardly depends on what else runs on the machine.
 */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      // after "pid (comm) ": state is field 3; utime, stime, cutime, cstime are fields 14–17
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += f.slice(11, 15).reduce((sum, v) => sum + Number(v), 0);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100;
}

/**
 * SIGTERM to `pid` (a launcher script forwards it to its JVM), up to `graceMs` for it to exit,
 * then SIGKILL to it and everything it started, so no orphan keeps a port.
 */
async function stopProcess(name: string, pid: number, graceMs: number): Promise<void> {
  if (!isAlive(pid)) return;
  const tree = descendants(pid);
  process.kill(pid, 'SIGTERM');
  try {
    await waitFor(`${name} stop`, async () => !isAlive(pid), graceMs);
  } catch {
    for (const p of [pid, ...tree, ...descendants(pid)]) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await waitFor(`${name} kill`, async () => !isAlive(pid), 10_000);
  }
  // a launcher that exited may leave its JVM behind
  for (const p of tree.filter(isAlive)) process.kill(p, 'SIGKILL');
  await waitFor(`${name} kill`, async () => !tree.some(isAlive), 10_000);
}

/**
 * The pid of the service started in the background, if it still runs. A stale pid file (reboot,
 * pid reused by another program) is ignored: on Linux the process's command line must name the
 * service's folder (or one of `runsIn()`).
 */
export function runningPid(s: StackService): number | undefined {
  const file = pidFileOf(s);
  if (!fs.existsSync(file)) return undefined;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const cmdline = `/proc/${pid}/cmdline`;
  if (fs.existsSync('/proc/self/cmdline')) {
    const args = fs.existsSync(cmdline) ? fs.readFileSync(cmdline, 'utf8') : '';
    if (![s.dir, ...(s.runsIn?.() ?? [])].some((d) => args.includes(d))) return undefined;
  }
  return pid;
}

/**
 * Starts the service and resolves once `probe()` says ready. On any failure the process is
 * stopped and the error carries the log's tail. `detached`: keeps running after this Node process
 * exits (the `start` command of a service's CLI); otherwise register `stop()` with a Lifecycle.
 */
export async function startService(
  s: StackService,
  opts: { detached?: boolean } = {},
): Promise<RunningService> {
  const already = runningPid(s);
  if (already) throw new Error(`${s.name} already runs (pid ${already}); stop it first.`);
  await assertPortsFree(s.ports());
  const launch = await s.prepare();
  fs.mkdirSync(s.dir, { recursive: true });
  const logFile = logFileOf(s);
  const pidFile = pidFileOf(s);
  const log = fs.openSync(logFile, 'a');
  const runStart = fs.fstatSync(log).size;
  fs.writeSync(
    log,
    `\n--- ${new Date().toISOString()} starting ${s.name}: ${launch.command} ${launch.args.join(' ')}\n`,
  );
  const child = spawn(launch.command, launch.args, {
    cwd: launch.cwd,
    env: launch.env,
    stdio: ['ignore', log, log],
    detached: opts.detached ?? false,
  });
  fs.closeSync(log);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  let failed: Error | undefined;
  void spawnError.then((e) => (failed = e));
  const pid = child.pid;
  const stop = async () => {
    if (pid !== undefined) await stopProcess(s.name, pid, s.stopTimeoutMs);
    // and the service started again on the same folder since (a fault test restarts a killed node)
    const again = runningPid(s);
    if (again !== undefined) await stopProcess(s.name, again, s.stopTimeoutMs);
    fs.rmSync(pidFile, { force: true });
  };
  let last: ServiceStatus | undefined;
  try {
    if (pid === undefined) throw await spawnError;
    fs.writeFileSync(pidFile, String(pid));
    await waitFor(
      s.name,
      async () => {
        if (failed) throw failed;
        last = await s.probe();
        return last.ready;
      },
      s.startTimeoutMs,
      () => child.exitCode === null && child.signalCode === null,
    );
  } catch (e) {
    // what a node that runs but never got ready last answered
    const running = child.exitCode === null && child.signalCode === null;
    await stop();
    throw new Error(
      [
        `${(e as Error).message}${running && last ? ` (last check: ${last.detail})` : ''}`,
        ...(s.advice ? [s.advice] : []),
        `--- last lines of ${logFile} ---`,
        logTail(logFile, 40, runStart),
      ].join('\n'),
      { cause: e },
    );
  }
  if (opts.detached) child.unref();
  return { name: s.name, pid, logFile, stop };
}

/** Stops the service started in the background (by pid file). Returns false when none ran. */
export async function stopService(s: StackService): Promise<boolean> {
  const pid = runningPid(s);
  if (pid) await stopProcess(s.name, pid, s.stopTimeoutMs);
  fs.rmSync(pidFileOf(s), { force: true });
  return pid !== undefined;
}

/**
 * `npm run <service> -- fetch|start|status|stop|logs`: one service on its own, in the background.
 * Returns the exit code.
 */
export async function serviceCli(s: StackService, command: string | undefined): Promise<number> {
  switch (command) {
    case 'fetch': {
      await s.ensure();
      console.log(`${s.name} is ready to start.`);
      return 0;
    }
    case 'start': {
      console.log(`Starting ${s.name}…`);
      const t = Date.now();
      const r = await startService(s, { detached: true });
      console.log(
        `${s.name} ready in ${((Date.now() - t) / 1000).toFixed(1)} s (pid ${r.pid}); log: ${r.logFile}`,
      );
      return 0;
    }
    case 'status': {
      const pid = runningPid(s);
      const status = await s.probe();
      console.log(`${status.ready ? 'UP' : 'DOWN'}: ${status.detail}${pid ? ` (pid ${pid})` : ''}`);
      return status.ready ? 0 : 1;
    }
    case 'stop': {
      console.log((await stopService(s)) ? 'stopped' : 'not running');
      return 0;
    }
    case 'logs': {
      console.log(logTail(logFileOf(s), 100));
      return 0;
    }
    default:
      console.log(`usage: npm run ${s.id} -- fetch|start|status|stop|logs`);
      return 2;
  }
}
