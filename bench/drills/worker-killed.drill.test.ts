import { WORKER_KILLED_JOB_TIMEOUT_MS, workerKilledDrill } from './worker-killed';

describe('drill: worker killed mid-job', () => {
  it('gives the jobs of a killed worker to another after their timeout, each effect applied once', async () => {
    // given a worker process holding 50 jobs whose side effects it has written
    // when it is SIGKILLed before completing them, and another worker runs
    const counts = await workerKilledDrill(50, () => undefined);

    // then every job came back (positive control: the second worker ran each handler again) only
    // after the job timeout, and each instance completed with its effect written once
    expect(counts.held).toBe(50);
    expect(counts.redelivered).toBe(50);
    expect(counts.backAfterMs).toBeGreaterThan(WORKER_KILLED_JOB_TIMEOUT_MS - 10_000);
    expect(counts).toMatchObject({ started: 50, completed: 50, lost: 0, duplicated: 0 });
  }, 420_000);
});
