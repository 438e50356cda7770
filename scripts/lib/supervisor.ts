/**
 * Keeps the stack's child processes (the workers and the API) running: a child that exits without
 * being asked to is started again after a back-off, so one crash does not silently take the other
 * down with it nor leave it running alone. A child that keeps crashing (more restarts than the
 * budget allows within the window) is a fault a restart will not cure: the supervisor gives up
 * and says why, and the caller stops the whole stack. See README, "`npm start`".
 */
import type { ChildProcess } from 'node:child_process';
import { terminate } from './lifecycle';

/** Restart budget of one child: at most `maxRestarts` within `windowMs`, waiting longer each time. */
export class RestartBudget {
  private readonly restarts: number[] = [];

  constructor(
    readonly maxRestarts = 3,
    readonly windowMs = 60_000,
    /** wait before the n-th restart in the window: base, 2 × base, 4 × base … */
    readonly baseDelayMs = 1_000,
  ) {}

  /** After an exit at `now`: restart (the how-manieth within the window, after what delay) or give up. */
  next(now: number): { restart: true; count: number; delayMs: number } | { restart: false; exits: number } {
    while (this.restarts.length > 0 && now - this.restarts[0]! >= this.windowMs) this.restarts.shift();
    if (this.restarts.length >= this.maxRestarts) return { restart: false, exits: this.restarts.length + 1 };
    this.restarts.push(now);
    const count = this.restarts.length;
    return { restart: true, count, delayMs: this.baseDelayMs * 2 ** (count - 1) };
  }
}

export interface SupervisorOptions {
  /** a fresh budget for each child */
  budget?: () => RestartBudget;
  /** called once when a child exhausted its budget, with the reason; the caller stops everything */
  onGiveUp: (reason: string) => void;
  /** where each exit and restart is reported */
  log?: (line: string) => void;
  /** how long a child may take to stop on SIGTERM before SIGKILL */
  graceMs?: number;
  now?: () => number;
}

interface Supervised {
  name: string;
  start: () => ChildProcess;
  budget: RestartBudget;
  process?: ChildProcess;
  restartTimer?: NodeJS.Timeout;
}

export class Supervisor {
  private readonly children: Supervised[] = [];
  private stopped = false;
  private gaveUp = false;
  private readonly log: (line: string) => void;
  private readonly now: () => number;

  constructor(private readonly opts: SupervisorOptions) {
    this.log = opts.log ?? ((line) => console.error(line));
    this.now = opts.now ?? Date.now;
  }

  /** Starts `start()`'s process now and again whenever it exits unasked, within its budget. */
  add(name: string, start: () => ChildProcess): void {
    const child: Supervised = { name, start, budget: this.opts.budget?.() ?? new RestartBudget() };
    this.children.push(child);
    this.launch(child);
  }

  /** The running process of a child (undefined while it waits to be restarted). */
  process(name: string): ChildProcess | undefined {
    return this.children.find((c) => c.name === name)?.process;
  }

  /** Stops every child, the last added first; no restarts after this. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const child of [...this.children].reverse()) {
      clearTimeout(child.restartTimer);
      if (child.process) await terminate(child.process, this.opts.graceMs ?? 15_000);
    }
  }

  private launch(child: Supervised): void {
    const proc = child.start();
    child.process = proc;
    let handled = false;
    const exited = (how: string) => {
      if (handled) return;
      handled = true;
      if (child.process === proc) child.process = undefined;
      if (!this.stopped) this.onExit(child, how);
    };
    proc.once('exit', (code, signal) => exited(signal ? `signal ${signal}` : `code ${code}`));
    // a process that cannot be spawned emits 'error' and no 'exit'
    proc.once('error', (e) => exited(`failed to run: ${e.message}`));
  }

  private onExit(child: Supervised, how: string): void {
    if (this.gaveUp) return;
    const decision = child.budget.next(this.now());
    const window = `${Math.round(child.budget.windowMs / 1000)} s`;
    if (!decision.restart) {
      this.gaveUp = true;
      const reason = `${child.name} exited ${decision.exits} times within ${window} (last: ${how}); restarting it again will not help, stopping everything.`;
      this.log(reason);
      this.opts.onGiveUp(reason);
      return;
    }
    this.log(
      `${child.name} exited (${how}); restarting it in ${decision.delayMs / 1000} s (restart ${decision.count} of at most ${child.budget.maxRestarts} within ${window}).`,
    );
    child.restartTimer = setTimeout(() => {
      child.restartTimer = undefined;
      if (!this.stopped && !this.gaveUp) this.launch(child);
    }, decision.delayMs);
  }
}
