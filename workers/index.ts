/**
 * Entry point of the workers process: starts every registered job worker and the task watcher
 * (notifications about created, assigned and overdue user tasks); stops cleanly on a signal or a fault.
 */
import { CalendarService } from '../src/calendar';
import { createNotifier, TaskWatcher } from '../src/notifications';
import { createTaskSource } from '../src/tasks';
import { config } from '../src/shared/config';
import { connectCamunda, gatewayAnswers } from '../src/shared/camunda';
import { createDataSource } from '../src/shared/db';
import { logger } from '../src/shared/logger';
import { stopOnSignalsAndFaults } from '../src/shared/process';
import { camundaMessaging, ensureSessionSchedulers } from '../src/sessions';
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
    gateway: {
      probe: () => gatewayAnswers(camunda.addresses.rest),
      intervalMs: c.WORKER_GATEWAY_CHECK_MS,
    },
    log,
    deps: {
      dataSource,
      calendar: new CalendarService(dataSource),
      now: () => new Date(),
      messaging: camundaMessaging(camunda.zeebe, camunda.addresses.rest),
    },
  });
  log.info({ types: running.types }, 'all workers started');
  // Tasklist is only there with the web apps (CAMUNDA_WEBAPPS); NOTIFICATIONS_POLL_MS=0 turns it off
  const watcher = new TaskWatcher({
    tasks: createTaskSource(c),
    notifier: createNotifier({ dataSource, log: log.child({ component: 'notifications' }) }),
    log,
    intervalMs: c.CAMUNDA_WEBAPPS ? c.NOTIFICATIONS_POLL_MS : 0,
  });
  watcher.start();
  // one session scheduler per kind (M7.3, M7.1); a no-op while they run
  await ensureSessionSchedulers(camunda.zeebe).catch((e: unknown) =>
    log.error(
      { err: e },
      'could not ensure the session schedulers; they start at the next start of the workers',
    ),
  );
  stopOnSignalsAndFaults({
    log,
    stop: async () => {
      await watcher.stop();
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
