import type { DataSource } from 'typeorm';
import { CalendarService, DEFAULT_SESSION_INTERPRETATION } from '../../src/calendar';
import { shanghaiTime } from '../../src/calendar/domain/local-date';
import { firstOpenPlanYear, scheduledSessionDates, SessionKind, sessionSlot } from '../../src/sessions';
import { openDataSource, workerDeps } from '../../src/shared/testing';
import { runOnce } from '../runtime/testing';
import { sessionNextWorker } from '.';

describe('session.next', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDataSource();
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it("records the annual plan's day on its process owner's reading of the 4th week, and the M7.4 carry-over goes by it", async () => {
    // given a year whose plan opens earlier on the non-default reading ("4th week" vs "4th Thursday")
    const calendar = await new CalendarService(ds, 0).calendarInForce();
    const other = DEFAULT_SESSION_INTERPRETATION === 'fourth-thursday' ? 'fourth-week' : 'fourth-thursday';
    const on = (year: number, reading?: typeof other) =>
      sessionSlot(calendar, SessionKind.AnnualPlan, String(year), reading).date;
    const year = [...Array(40).keys()].map((i) => 2060 + i).find((y) => on(y, other) !== on(y))!;
    expect(year).toBeDefined();
    const [early, late] = [on(year, other), on(year)];
    expect(early < late).toBe(true);
    const now = shanghaiTime(`${year}-01-10`, 9);
    const next = (reading: string) =>
      runOnce(
        sessionNextWorker,
        {
          sessionKind: SessionKind.AnnualPlan,
          sessionPeriod: String(year),
          sessionInterpretation: reading,
          recheckHours: 24,
        },
        workerDeps(ds, () => now),
      );

    // when the scheduler computes that year's plan on the other reading
    const call = await next(other);

    // then it answers the earlier day and records it for the period
    expect(call).toMatchObject({ action: 'complete', arg: { sessionDate: early } });
    const recorded = (await scheduledSessionDates(ds, SessionKind.AnnualPlan)).get(String(year));
    expect(recorded).toBe(early);
    // and a project passing after that day, before the default reading's, moves on to the next plan
    // (plan year + 2) instead of waiting for a plan that has collected already, as the default
    // reading alone would have it (control)
    const scheduled = new Map([[year + 1, recorded!]]);
    const passedAt = shanghaiTime(early, 16);
    expect(firstOpenPlanYear(calendar, year + 1, passedAt, { scheduled })).toBe(year + 2);
    expect(firstOpenPlanYear(calendar, year + 1, passedAt)).toBe(year + 1);
    // and one passing the day before still joins it
    expect(
      firstOpenPlanYear(calendar, year + 1, new Date(shanghaiTime(early, 0).getTime() - 1), { scheduled }),
    ).toBe(year + 1);

    // when the process owner switches back to the default reading, the record follows
    await next(DEFAULT_SESSION_INTERPRETATION);
    expect((await scheduledSessionDates(ds, SessionKind.AnnualPlan)).get(String(year))).toBe(late);
  });
});
