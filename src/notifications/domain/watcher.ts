/**
 * Produces the task notifications: polls Tasklist for open tasks and notifies each one's events
 * (created; assigned once it has an assignee; overdue once past its due date by the broker's
 * clock). Every open task is looked at on every poll and the notifier drops repeats, so a restart
 * or a missed poll loses nothing; a task created and finished between two polls is not announced.
 *
 * Tasklist imports a task and its process variables separately: for a moment a new task may show no
 * `projectCode`. Such a task waits (up to `projectWaitMs`, a minute by default) for its project to
 * show before it is announced; a task of a process without a project is then announced without one.
 */
import type { Logger } from '../../shared/logger';
import { messageOf } from '../../shared/errors';
import type { TaskSource } from '../../tasks';
import { notificationKey, type Notifier } from './notifier';
import { eventsOf } from './task-events';

const SEEN_MAX = 100_000;
const PROJECT_WAIT_MS = 60_000;

export class TaskWatcher {
  /** events already recorded, so that steady polls do not write to the database */
  private readonly seen = new Set<string>();
  /** open tasks seen without a project code: when they were first seen (ms) */
  private readonly withoutProject = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly deps: {
      tasks: Pick<TaskSource, 'search'>;
      notifier: Notifier;
      log: Logger;
      intervalMs: number;
      /** how long a task without a project code waits for it (default a minute) */
      projectWaitMs?: number;
      /** wall-clock milliseconds (tests) */
      clock?: () => number;
    },
  ) {}

  /** One look at Tasklist; the number of new notifications. */
  async poll(): Promise<number> {
    const tasks = await this.deps.tasks.search({ state: 'CREATED' });
    const now = (this.deps.clock ?? Date.now)();
    const wait = this.deps.projectWaitMs ?? PROJECT_WAIT_MS;
    const open = new Set(tasks.map((t) => t.id));
    for (const id of this.withoutProject.keys()) if (!open.has(id)) this.withoutProject.delete(id);
    const ready = tasks.filter((t) => {
      if (t.projectCode !== null) {
        this.withoutProject.delete(t.id);
        return true;
      }
      const first = this.withoutProject.get(t.id) ?? now;
      this.withoutProject.set(t.id, first);
      return now - first >= wait;
    });
    const events = ready.flatMap(eventsOf).filter((e) => !this.seen.has(notificationKey(e)));
    const fresh = await this.deps.notifier.notifyAll(events);
    for (const event of events) {
      if (this.seen.size >= SEEN_MAX) this.seen.clear(); // the notifier still drops repeats
      this.seen.add(notificationKey(event));
    }
    return fresh.length;
  }

  start(): void {
    if (this.deps.intervalMs <= 0) return;
    const tick = () => {
      this.running = this.poll().catch((e: unknown) => {
        // Tasklist down: the next poll catches up
        this.deps.log.warn({ err: messageOf(e) }, 'task watcher: poll failed');
        return 0;
      });
      void this.running.finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.deps.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    const timer = this.timer;
    this.timer = undefined;
    if (timer) clearTimeout(timer);
    await this.running;
  }
}
