/**
 * Path coverage of `session-scheduler` on the real broker with the controlled clock and its handlers
 * replaced: a copy of the model under its own process id, start message and job types, served by
 * in-test workers. `next` places each session at an instant the test chose (by kind, period and
 * sessionInterpretation) and answers as the real worker does: due, or when to wake (the session, or
 * recheckHours from now if sooner); `open` records each opening. What is under test is the model:
 * the computed timer, the loop, the stop flag, and variables edited on a waiting instance taking
 * effect at its next wake without code changes. The real workers run in monthly-pre-review's and
 * annual-plan's tests.
 */
import path from 'node:path';
import { JobType } from '../../src/shared/bpmn';
import { deployResources } from '../../src/shared/camunda';
import { clockProbe } from '../../src/sessions/testing';
import { testCamunda, processCopy } from '../../src/shared/testing';
import { brokerTime } from '../../src/shared/testing/broker-time';
import { userTasks } from '../../src/shared/testing/user-tasks';

const tag = `it${Date.now().toString(36)}`;
const processId = `${tag}-session-scheduler`;
const starts = `${tag}-session-scheduler-start`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Vars = Record<string, unknown>;
interface Computed {
  processInstanceKey: string;
  period: string;
  sessionInterpretation: unknown;
  recheckHours: unknown;
  now: Date;
  due: boolean;
}
/** Per session kind (one per test): when its session of a period is held, by interpretation. */
const plans: Record<string, (period: string, interpretation: unknown) => Date> = {};
const computed: Record<string, Computed[]> = {};
const opened: Record<string, { period: string; sessionAt: string }[]> = {};

describe('session-scheduler (handlers replaced)', () => {
  const camunda = testCamunda();
  const time = brokerTime(camunda.clock);
  const tasks = userTasks();
  const closers: (() => Promise<unknown>)[] = [];
  const started = new Set<string>();

  beforeAll(async () => {
    const xml = processCopy(path.join(__dirname, 'session-scheduler.bpmn'), 'session-scheduler', processId)
      .replace(/name="session-scheduler-start"/, `name="${starts}"`)
      .replace(/type="session\./g, `type="${tag}.session.`);
    await deployResources(camunda.zeebe, [{ name: `${processId}.bpmn`, content: xml }]);
    const next = camunda.zeebe.createWorker<Vars, Vars, Vars>({
      taskType: `${tag}.${JobType.SessionNext}`,
      taskHandler: async (job) => {
        const v = job.variables;
        const kind = String(v.sessionKind);
        const period = typeof v.sessionPeriod === 'string' ? v.sessionPeriod : 'P1';
        const at = plans[kind]!(period, v.sessionInterpretation);
        const now = await time.current();
        const due = now >= at;
        const wakeAt = due
          ? at
          : new Date(Math.min(at.getTime(), now.getTime() + Number(v.recheckHours) * HOUR));
        started.add(job.processInstanceKey);
        const done = await job.complete({
          sessionPeriod: period,
          sessionDate: at.toISOString().slice(0, 10),
          sessionNominalDate: at.toISOString().slice(0, 10),
          sessionAt: at.toISOString(),
          sessionMoved: false,
          sessionProvisional: false,
          sessionDue: due,
          wakeAt: wakeAt.toISOString(),
        });
        // recorded once the broker has processed the completion: the wait timer it leads to is then
        // in the log before any later command, so a test that moves the clock after seeing this
        // moves it past a timer that exists (before, the move could come first and the timer wait)
        (computed[kind] ??= []).push({
          processInstanceKey: job.processInstanceKey,
          period,
          sessionInterpretation: v.sessionInterpretation,
          recheckHours: v.recheckHours,
          now,
          due,
        });
        return done;
      },
    });
    const open = camunda.zeebe.createWorker<Vars, Vars, Vars>({
      taskType: `${tag}.${JobType.SessionOpen}`,
      taskHandler: (job) => {
        const period = String(job.variables.sessionPeriod);
        (opened[String(job.variables.sessionKind)] ??= []).push({
          period,
          sessionAt: String(job.variables.sessionAt),
        });
        return job.complete({
          sessionOpened: 'published',
          nextSessionPeriod: `P${Number(period.slice(1)) + 1}`,
        });
      },
    });
    closers.push(
      () => next.close(),
      () => open.close(),
    );
  });
  afterAll(async () => {
    await Promise.all(closers.map((c) => c()));
    // the schedulers still waiting for a later period
    for (const key of started) await camunda.zeebe.cancelProcessInstance(key).catch(() => undefined);
    await camunda.close();
  });

  /** Starts a scheduler of a kind of its own whose sessions `plan` places. */
  async function start(kind: string, variables: Vars, plan: (typeof plans)[string]) {
    plans[kind] = plan;
    await camunda.zeebe.publishMessage({
      name: starts,
      correlationKey: kind,
      timeToLive: 0,
      variables: { sessionKind: kind, ...variables },
    });
  }
  /** The first `count` computations of a kind's scheduler, once made (polls). */
  async function computations(kind: string, count: number) {
    const deadline = Date.now() + 30_000;
    while ((computed[kind]?.length ?? 0) < count && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    if ((computed[kind]?.length ?? 0) < count)
      throw new Error(`${kind}: ${computed[kind]?.length ?? 0} computations, not ${count}`);
    return computed[kind]!.slice(0, count);
  }
  async function openings(kind: string, count: number) {
    const deadline = Date.now() + 30_000;
    while ((opened[kind]?.length ?? 0) < count && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    return opened[kind] ?? [];
  }
  /** Moves the clock to `at` and proves the broker fired the timers due a minute before it. */
  async function moveTo(at: Date) {
    const probe = await clockProbe(camunda, new Date(at.getTime() - MINUTE));
    await time.moveTo(at);
    expect(await probe.fired()).toBe(true);
  }

  it('computes the session, waits on its computed timer, opens it once the clock passes it, then computes the next period', async () => {
    // given a session two days after the broker's clock, and a scheduler that looks again only monthly
    const kind = `${tag}-timer`;
    const at = new Date((await time.current()).getTime() + 2 * DAY);
    const far = new Date(at.getTime() + 300 * DAY);
    await start(kind, { recheckHours: 744 }, (period) => (period === 'P1' ? at : far));

    // then it computed the first session without a period given, and waits
    const [first] = await computations(kind, 1);
    expect(first).toMatchObject({ period: 'P1', recheckHours: 744, sessionInterpretation: null, due: false });

    // when the clock stands a minute before the session
    await moveTo(new Date(at.getTime() - MINUTE));
    // then it is still waiting: no computation, no opening
    expect(computed[kind]).toHaveLength(1);
    expect(opened[kind]).toBeUndefined();

    // when the clock passes the session
    await moveTo(new Date(at.getTime() + MINUTE));
    // then it opens that session once, and computes the next period's
    expect(await openings(kind, 1)).toEqual([{ period: 'P1', sessionAt: at.toISOString() }]);
    const all = await computations(kind, 3);
    expect(all.map((c) => [c.period, c.due])).toEqual([
      ['P1', false],
      ['P1', true],
      ['P2', false],
    ]);
    expect(await tasks.variableWhenSet(first!.processInstanceKey, 'lastSessionOpened')).toBe('published');
    expect(opened[kind]).toHaveLength(1);
  });

  it('looks again after recheckHours (24 by default) and takes a process owner’s edit of sessionInterpretation and recheckHours from then on', async () => {
    // given a session held on the 5th day under the 4th-Thursday reading, on the 3rd under the 4th-week one,
    // and a scheduler started with the first reading and no recheckHours
    const kind = `${tag}-edit`;
    const base = await time.current();
    const thursday = new Date(base.getTime() + 5 * DAY);
    const week = new Date(base.getTime() + 3 * DAY);
    const far = new Date(base.getTime() + 300 * DAY);
    await start(kind, { sessionPeriod: 'P1', sessionInterpretation: 'fourth-thursday' }, (period, reading) =>
      period !== 'P1' ? far : reading === 'fourth-week' ? week : thursday,
    );
    const [first] = await computations(kind, 1);
    expect(first).toMatchObject({ sessionInterpretation: 'fourth-thursday', recheckHours: 24, due: false });

    // when the process owner edits the waiting instance's variables (Operate): the other reading, a monthly recheck
    await camunda.zeebe.setVariables({
      elementInstanceKey: first!.processInstanceKey,
      local: false,
      variables: { sessionInterpretation: 'fourth-week', recheckHours: 744 },
    });
    // and the clock passes the 24 hours the scheduler was started with
    await moveTo(new Date(first!.now.getTime() + DAY + MINUTE));

    // then it looked again, with the edited variables
    const [, second] = await computations(kind, 2);
    expect(second).toMatchObject({ sessionInterpretation: 'fourth-week', recheckHours: 744, due: false });

    // when the clock stands a minute before the 3rd day's session, past the next 24-hour recheck
    await moveTo(new Date(week.getTime() - MINUTE));
    // then it waited for the session itself (the edited recheckHours): no further computation
    expect(computed[kind]).toHaveLength(2);
    expect(opened[kind]).toBeUndefined();

    // when the clock passes it
    await moveTo(new Date(week.getTime() + MINUTE));
    // then the session opened on the edited reading's date, two days before the one it started with
    expect(await openings(kind, 1)).toEqual([{ period: 'P1', sessionAt: week.toISOString() }]);
  });

  it('ends at its next wake when stopScheduling is set, without opening the session that fell due', async () => {
    // given a scheduler waiting for a session a day ahead
    const kind = `${tag}-stop`;
    const at = new Date((await time.current()).getTime() + DAY);
    await start(kind, { sessionPeriod: 'P1', recheckHours: 744 }, () => at);
    const [first] = await computations(kind, 1);

    // when an administrator sets the stop flag on the waiting instance, and the session falls due
    await camunda.zeebe.setVariables({
      elementInstanceKey: first!.processInstanceKey,
      local: false,
      variables: { stopScheduling: true },
    });
    await moveTo(new Date(at.getTime() + MINUTE));

    // then it woke and found the session due, but ended without opening it
    const [, second] = await computations(kind, 2);
    expect(second!.due).toBe(true);
    const ran = await tasks.completedElements(first!.processInstanceKey);
    expect(ran).toContain('scheduling-stopped');
    expect(ran).not.toContain('open-session');
    expect(opened[kind]).toBeUndefined();
  });
});
