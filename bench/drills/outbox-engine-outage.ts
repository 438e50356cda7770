/**
 * Drill 5 — outbox under an engine outage: `n` proposals are submitted through the API while the
 * drill's Camunda is down; when it comes up, each must start exactly one lifecycle instance (the
 * lifecycle's first step, project.bind-instance, records every instance it sees per project).
 * `npm run bench -- drill outbox [n]`
 */
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { OutboxDispatcher, outboxSettings } from '../../src/outbox';
import { deployWorkflows } from '../../src/shared/camunda';
import { paths } from '../../src/shared/config';
import { insertOnce } from '../../src/shared/db';
import { logger } from '../../src/shared/logger';
import { ensureUser, Role } from '../../src/users';
import { projectBindInstanceWorker } from '../../workers/project-bind-instance';
import { startWorkers, type RunningWorkers } from '../../workers/runtime';
import { CalendarService } from '../../src/calendar';
import {
  basicAuth,
  connectCamunda,
  drillApi,
  drillConfig,
  drillCounts,
  drillDatabase,
  drillDataSource,
  drillDir,
  DrillBroker,
  EffectEntity,
  until,
  type DrillCounts,
} from './lib';

const NAME = 'outbox';
const SUBMIT_TIMEOUT_MS = 30_000;

export async function outboxDrill(
  n = 100,
  log: (line: string) => void = console.log,
): Promise<DrillCounts & { submitFailures: string[] }> {
  const config = drillConfig(NAME);
  const db = await drillDatabase(config, NAME);
  let ds: DataSource | undefined;
  const broker = await DrillBroker.create(config, path.join(drillDir(config, NAME), 'camunda'));
  const camunda = connectCamunda(config);
  const quiet = logger().child({ drill: NAME }, { level: 'silent' });
  let dispatcher: OutboxDispatcher | undefined;
  let api: Awaited<ReturnType<typeof drillApi>> | undefined;
  let workers: RunningWorkers | undefined;
  try {
    ds = await drillDataSource(db.url);
    const data = ds;
    const run = `run-${Date.now().toString(36)}`;
    await ensureUser(data, {
      username: 'drill-applicant',
      displayName: 'drill-applicant',
      password: 'drill-applicant-secret',
      roles: [Role.DepartmentApplicant],
      departmentCode: 'psb',
    });
    // the lifecycle is deployed before the outage, as in production, where the broker keeps its
    // deployments across a restart (a message published before its start event is deployed starts
    // nothing, so deploying after the restart would race the dispatcher's first send)
    log('starting Camunda to deploy the lifecycle, then stopping it…');
    await broker.start();
    await deployWorkflows(camunda.zeebe, [
      path.join(paths.workflows, 'project-lifecycle', 'project-lifecycle.bpmn'),
    ]);
    await broker.stop();
    dispatcher = new OutboxDispatcher(data, camunda.zeebe, quiet, outboxSettings(config));
    dispatcher.start();
    const outbox = dispatcher;
    api = await drillApi(config, data, () => outbox.kick());
    const apiUrl = api.url;

    log(`submitting ${n} proposals while Camunda is down…`);
    const codes: string[] = [];
    const submitFailures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < n) {
          const i = next++;
          try {
            const res = await fetch(`${apiUrl}/api/projects`, {
              method: 'POST',
              headers: {
                authorization: basicAuth('drill-applicant', 'drill-applicant-secret'),
                'content-type': 'application/json',
                'idempotency-key': `${run}-${i}`,
              },
              body: JSON.stringify({
                title: `演练项目 ${i}`,
                budgetEstimate: '1000000.00',
                category: 'application-system',
                quotaOverrideReason: '故障演练：同一部门的多个项目',
              }),
              signal: AbortSignal.timeout(SUBMIT_TIMEOUT_MS),
            });
            const body = (await res.json()) as { code?: string; detail?: string };
            if (res.status === 201 && body.code) codes.push(body.code);
            else submitFailures.push(`${res.status} ${body.detail ?? ''}`);
          } catch (e) {
            submitFailures.push((e as Error).message);
          }
        }
      }),
    );
    log(
      `${codes.length} accepted, ${submitFailures.length} failed${submitFailures[0] ? ` (first: ${submitFailures[0]})` : ''}`,
    );

    log('starting Camunda…');
    await broker.start();
    // the lifecycle's first step, recording every instance it is run for (per element instance)
    const recordingBind = {
      ...projectBindInstanceWorker,
      handle: async (
        input: { projectCode: string },
        job: Parameters<typeof projectBindInstanceWorker.handle>[1],
        deps: Parameters<typeof projectBindInstanceWorker.handle>[2],
      ) => {
        await insertOnce(
          data.getRepository(EffectEntity),
          { run, businessKey: input.projectCode, elementInstanceKey: job.elementInstanceKey },
          { elementInstanceKey: job.elementInstanceKey },
        );
        return projectBindInstanceWorker.handle(input, job, deps);
      },
    };
    workers = await startWorkers([recordingBind], {
      zeebe: camunda.zeebe,
      mode: config.WORKER_MODE,
      maxJobs: 32,
      jobTimeoutMs: 10_000,
      log: quiet,
      deps: { dataSource: data, calendar: new CalendarService(data, 0), now: () => new Date() },
    });
    const inCodes = codes.map(() => '?').join(',') || "''";
    const bound = async () =>
      Number(
        (
          await data.query(
            `SELECT COUNT(*) AS n FROM project WHERE process_instance_key IS NOT NULL AND code IN (${inCodes})`,
            codes,
          )
        )[0].n,
      );
    log('Camunda is up; waiting until the lifecycle of every accepted proposal has bound itself…');
    if (!(await until(async () => (await bound()) >= codes.length, 120_000))) {
      // what the outbox says of the messages still unsent: the reason a lifecycle is missing
      const unsent = (await data.query(
        `SELECT aggregate_id AS code, attempts, last_error AS lastError, next_attempt_at AS nextAttemptAt, failed_at AS failedAt
           FROM outbox WHERE sent_at IS NULL AND aggregate_id IN (${inCodes})`,
        codes,
      )) as Record<string, unknown>[];
      log(
        `${await bound()}/${codes.length} bound after 120 s; unsent: ${JSON.stringify(unsent.slice(0, 5))}`,
      );
    }
    // a second lifecycle for a project would be seen by its first step: give it time to show
    await new Promise((r) => setTimeout(r, 3_000));
    await data.query(
      `INSERT IGNORE INTO drill_done (run, business_key) SELECT ?, code FROM project WHERE process_instance_key IS NOT NULL AND code IN (${inCodes})`,
      [run, ...codes],
    );
    const counts = await drillCounts(data, run, codes.length);
    return { ...counts, started: n, lost: n - counts.completed, submitFailures };
  } finally {
    await workers?.stop();
    await api?.close();
    await dispatcher?.stop();
    await camunda.close().catch(() => undefined);
    await broker.stop();
    await ds?.destroy();
    await db.stop();
  }
}
