import { packageCalendar } from '../../calendar/domain/fixtures';
import { shanghaiTime } from '../../calendar/domain/local-date';
import { SessionKind } from './kinds';
import { nextPeriod, nextSession, sessionSlot } from './schedule';

const calendar = packageCalendar();
const HOUR = 3_600_000;

describe('session dates (M7.3, M7.1)', () => {
  it('holds January 2023 pre-review on Saturday 28 January: the 4th Thursday fell in the Spring Festival, the 28th was worked', () => {
    expect(sessionSlot(calendar, SessionKind.MonthlyPreReview, '2023-01')).toEqual({
      kind: 'monthly-pre-review',
      period: '2023-01',
      nominalDate: '2023-01-26',
      date: '2023-01-28',
      at: shanghaiTime('2023-01-28', 9),
      moved: true,
      provisional: false,
    });
  });

  it('reads "Thursday of the 4th week" as configured: July 2023 starts on a Saturday', () => {
    expect(sessionSlot(calendar, SessionKind.MonthlyPreReview, '2023-07').date).toBe('2023-07-27');
    expect(sessionSlot(calendar, SessionKind.MonthlyPreReview, '2023-07', 'fourth-week').date).toBe(
      '2023-07-20',
    );
  });

  it('holds the annual plan on the first working day after the September pre-review session, 09:00 city time', () => {
    // given September 2025: its pre-review session on Thursday 25 September
    expect(sessionSlot(calendar, SessionKind.MonthlyPreReview, '2025-09').date).toBe('2025-09-25');
    // then the plan of 2025 (for plan year 2026) opens on Friday 26 September
    expect(sessionSlot(calendar, SessionKind.AnnualPlan, '2025')).toEqual({
      kind: 'annual-plan',
      period: '2025',
      nominalDate: '2025-09-26',
      date: '2025-09-26',
      at: shanghaiTime('2025-09-26', 9),
      moved: false,
      provisional: false,
    });
  });

  it('moves the annual plan past the Mid-Autumn Festival: 2026, session Thursday 24 September, Friday 25 a holiday', () => {
    expect(sessionSlot(calendar, SessionKind.AnnualPlan, '2026')).toMatchObject({
      nominalDate: '2026-09-25',
      date: '2026-09-28',
      moved: true,
    });
  });

  it('follows the September session when a holiday moves it, and reads the 4th week as the scheduler does', () => {
    // given a holiday an administrator adds on the 4th Thursday of September 2025
    const withHoliday = packageCalendar([['2025-09-25', { kind: 'holiday', name: '测试', source: 'test' }]]);
    // then the session moves to Friday 26 and the plan to the next working day: Sunday 28, worked
    // in exchange for the National Day holiday
    expect(sessionSlot(withHoliday, SessionKind.MonthlyPreReview, '2025-09').date).toBe('2025-09-26');
    expect(sessionSlot(withHoliday, SessionKind.AnnualPlan, '2025')).toMatchObject({
      nominalDate: '2025-09-27',
      date: '2025-09-28',
      at: shanghaiTime('2025-09-28', 9),
      moved: true,
    });
    // and read as "the Thursday of the 4th week", September 2024's session is on the 19th, the plan on the 20th
    expect(sessionSlot(calendar, SessionKind.MonthlyPreReview, '2024-09', 'fourth-week').date).toBe(
      '2024-09-19',
    );
    expect(sessionSlot(calendar, SessionKind.AnnualPlan, '2024', 'fourth-week').date).toBe('2024-09-20');
  });

  it('keeps the annual plan in September (M7.1) when no working day of September follows the session: 2023', () => {
    // given the session on Thursday 28 September 2023, then the holidays from 29 September to 6 October
    expect(sessionSlot(calendar, SessionKind.MonthlyPreReview, '2023-09').date).toBe('2023-09-28');
    // then the plan opens on September's last working day, the session's day
    expect(sessionSlot(calendar, SessionKind.AnnualPlan, '2023')).toMatchObject({
      nominalDate: '2023-09-29',
      date: '2023-09-28',
      moved: true,
    });
  });

  it('starts with the first session not yet begun, and is due once its instant has passed', () => {
    const session = shanghaiTime('2025-01-23', 9);
    const before = nextSession(calendar, SessionKind.MonthlyPreReview, {
      now: new Date(session.getTime() - HOUR),
      recheckHours: 24,
    });
    expect(before).toMatchObject({ period: '2025-01', date: '2025-01-23', due: false, wakeAt: session });
    const after = nextSession(calendar, SessionKind.MonthlyPreReview, {
      now: new Date(session.getTime() + HOUR),
      recheckHours: 24,
    });
    expect(after).toMatchObject({ period: '2025-02', due: false });
    // a scheduler that was down past its session still opens it, late
    const late = nextSession(calendar, SessionKind.MonthlyPreReview, {
      period: '2025-01',
      now: new Date(session.getTime() + HOUR),
      recheckHours: 24,
    });
    expect(late).toMatchObject({ due: true });
  });

  it('wakes at the latest after recheckHours, to look at the calendar again', () => {
    const now = shanghaiTime('2025-01-02', 9);
    const s = nextSession(calendar, SessionKind.MonthlyPreReview, {
      period: '2025-01',
      now,
      recheckHours: 24,
    });
    expect(s.wakeAt).toEqual(new Date(now.getTime() + 24 * HOUR));
  });

  it('counts periods on: December to January, a year to the next', () => {
    expect(nextPeriod(SessionKind.MonthlyPreReview, '2025-12')).toBe('2026-01');
    expect(nextPeriod(SessionKind.AnnualPlan, '2025')).toBe('2026');
  });
});
