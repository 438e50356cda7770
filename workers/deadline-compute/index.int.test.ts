import type { DataSource } from 'typeorm';
import { CalendarService, computeDeadline } from '../../src/calendar';
import { DeadlineEntity } from '../../src/deadlines/data-access/deadline.entity';
import { openDataSource, workerDeps } from '../../src/shared/testing';
import { runOnce } from '../runtime/testing';
import { deadlineComputeWorker } from '.';

// the worker's clock: a Monday, 09:00 in Shanghai
const now = new Date('2026-03-02T01:00:00Z');
const rule = { deadlineRule: { workingDays: 5 }, ruleId: 'M11.1' };

describe('deadline.compute', () => {
  let ds: DataSource;
  let seq = 0;
  beforeAll(async () => {
    ds = await openDataSource();
  });
  afterAll(() => ds.destroy());

  /** Runs the worker on a job of its own element instance (one deadline row each) at `now`. */
  function run(variables: object, headers: Record<string, string> = {}) {
    seq += 1;
    const elementInstanceKey = `${Date.now()}${seq}`;
    const call = runOnce(
      deadlineComputeWorker,
      variables,
      workerDeps(ds, () => now),
      {
        elementInstanceKey,
        headers,
      },
    );
    return { call, recorded: () => ds.getRepository(DeadlineEntity).findOneBy({ elementInstanceKey }) };
  }
  const dueFrom = async (start: Date) =>
    computeDeadline(await new CalendarService(ds, 0).calendarInForce(), start, { workingDays: 5 }).dueAt;

  it('given a job without deadlineStart and without the header startsAt, when run, then it fails at once naming deadlineStart and records nothing', async () => {
    // given / when
    const job = run(rule);

    // then an incident naming the variable, instead of a deadline silently counted from now
    expect(await job.call).toMatchObject({
      action: 'fail',
      arg: {
        retries: 0,
        errorMessage: expect.stringContaining(
          'deadlineStart (起算时间): required unless the task header startsAt is "now" (missing)',
        ),
      },
    });
    expect(await job.recorded()).toBeNull();
  });

  it("given the header startsAt = now, when run, then the deadline counts from the worker's clock", async () => {
    // given / when
    const job = run(rule, { startsAt: 'now' });

    // then
    const dueAt = await dueFrom(now);
    expect(await job.call).toMatchObject({ action: 'complete', arg: { dueAt: dueAt.toISOString() } });
    expect(await job.recorded()).toMatchObject({ startAt: now, dueAt, ruleId: 'M11.1' });
  });

  it('given deadlineStart, when run, then the deadline counts from it', async () => {
    // given a start three days before the worker's clock
    const start = new Date(now.getTime() - 3 * 86_400_000);

    // when
    const job = run({ ...rule, deadlineStart: start.toISOString() });

    // then
    const dueAt = await dueFrom(start);
    expect(await job.call).toMatchObject({ action: 'complete', arg: { dueAt: dueAt.toISOString() } });
    expect(await job.recorded()).toMatchObject({ startAt: start });
  });
});
