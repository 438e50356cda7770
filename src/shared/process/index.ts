/**
 * How the API and the workers process stop: on SIGINT/SIGTERM cleanly with exit code 0; on an
 * uncaught exception or an unhandled promise rejection the fault is logged (fatal) and the
 * process stops the same way with exit code 1. After an unexpected fault the process's state is
 * unknown, so it does not carry on; the supervisor (`npm start`) sees the exit. Stopping is
 * bounded: a stop that hangs, or a second fault meanwhile, exits at once.
 */
import type { Logger } from '../logger';

/** The part of `process` used here, so that tests can pass their own. */
export interface ProcessEvents {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  once(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface StopOptions {
  log: Logger;
  /** closes what the process opened: server or workers, then connections */
  stop: () => Promise<void>;
  timeoutMs?: number;
  events?: ProcessEvents;
  exit?: (code: number) => void;
}

export function stopOnSignalsAndFaults(options: StopOptions): void {
  const { log, stop, timeoutMs = 10_000, events = process, exit = (code) => process.exit(code) } = options;
  let stopping = false;
  const leave = (code: number) => {
    log.flush();
    exit(code);
  };
  const shutdown = (code: number) => {
    if (stopping) {
      if (code !== 0) leave(code);
      return;
    }
    stopping = true;
    const timer = setTimeout(() => {
      log.error({ timeoutMs }, 'did not stop in time; exiting');
      leave(code || 1);
    }, timeoutMs);
    stop().then(
      () => {
        clearTimeout(timer);
        leave(code);
      },
      (err: unknown) => {
        clearTimeout(timer);
        log.error({ err }, 'stopping failed');
        leave(code || 1);
      },
    );
  };
  events.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception; stopping');
    shutdown(1);
  });
  events.on('unhandledRejection', (err) => {
    log.fatal({ err }, 'unhandled promise rejection; stopping');
    shutdown(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    events.once(signal, () => {
      log.info({ signal }, 'stopping');
      shutdown(0);
    });
  }
}
