/** Entry point of the workers process: starts every registered job worker; stops cleanly on a signal or a fault. */
import { CalendarService } from '../src/calendar';
import { config } from '../src/shared/config';
import { connectCamunda } from '../src/shared/camunda';
import { createDataSource } from '../src/shared/db';
import { logger } from '../src/shared/logger';
import { stopOnSignalsAndFaults } from '../src/shared/process';
import { workers } from './registry';
import { startWorkers } from './runtime';

async function main(): Promise<void> {
  const c = config();
  const log = logger().child({ component: 'workers' });
  const dataSource = await createDataSource(c.DATABASE_URL).initialize();
  const camunda = connectCamunda(c);
  const running = await startWorkers(workers, {
    zeebe: camunda.zeebe,
    mode: c.WORKER_MODE,
    maxJobs: c.WORKER_MAX_JOBS,
    jobTimeoutMs: c.WORKER_JOB_TIMEOUT_MS,
    log,
    deps: { dataSource, calendar: new CalendarService(dataSource), now: () => new Date() },
  });
  log.info({ types: running.types }, 'all workers started');
  stopOnSignalsAndFaults({
    log,
    stop: async () => {
      await running.stop();
      await camunda.close();
      await dataSource.destroy();
    },
  });
}

main().catch((e) => {
  console.error(`workers failed to start: ${(e as Error).message}`);
  process.exit(1);
});
