/**
 * A job stream does not survive a broker restart: the gRPC call ends and the SDK does not open it
 * again (only its 30 s backfill poll would find jobs). The watch asks the gateway whether it is
 * there at an interval and, when it answers again after it did not, has the streams reopened.
 */
import type { Logger } from '../../src/shared/logger';

export interface GatewayWatchOptions {
  /** True when the gateway answers with a leader for every partition. */
  probe: () => Promise<boolean>;
  /** Reopens the streams; a rejection counts as "still gone", so the next answer tries again. */
  reopen: () => Promise<void>;
  intervalMs: number;
  log: Logger;
}

export interface GatewayWatch {
  stop(): Promise<void>;
}

export function watchGateway(opts: GatewayWatchOptions): GatewayWatch {
  let gone = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const check = async (): Promise<void> => {
    const up = await opts.probe().catch(() => false);
    if (!up) {
      if (!gone) opts.log.warn('gateway not answering: job streams will be reopened when it returns');
      gone = true;
      return;
    }
    if (!gone) return;
    try {
      await opts.reopen();
      gone = false;
      opts.log.info('gateway back: job streams reopened');
    } catch (e) {
      opts.log.warn({ err: e }, 'gateway back but the job streams could not be reopened yet');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = check().finally(schedule);
    }, opts.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
