/**
 * The broker's controlled clock as a workflow test sees it. The clock only moves forward and every
 * suite shares it, so tests work relative to the broker's time; after each jump it runs ahead of the
 * wall clock, and `now` (for workers and the API under test) follows it.
 */
import type { BrokerClock } from '../camunda';

export function brokerTime(clock: Pick<BrokerClock, 'now' | 'add'>) {
  let offset = 0;
  const sync = async () => {
    offset = (await clock.now()) - Date.now();
  };
  return {
    /** Reads the broker's time again (once before the first `now`). */
    sync,
    /** The broker's time as of the last sync or move, advanced by the wall clock since. */
    now: () => new Date(Date.now() + offset),
    /** Asks the broker for its time. */
    current: async () => new Date(await clock.now()),
    /** Moves the broker's clock forward to `instant` (due timers fire) and syncs. */
    moveTo: async (instant: Date) => {
      const now = await clock.now();
      if (instant.getTime() < now)
        throw new Error(`the broker clock is already past ${instant.toISOString()}`);
      await clock.add(instant.getTime() - now);
      await sync();
    },
  };
}
