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

  it('holds the annual plan on the first working day of September, 09:00 city time', () => {
    // 1 September 2024 was a Sunday
    expect(sessionSlot(calendar, SessionKind.AnnualPlan, '2024')).toMatchObject({
      nominalDate: '2024-09-01',
      date: '2024-09-02',
      at: shanghaiTime('2024-09-02', 9),
      moved: true,
    });
    expect(sessionSlot(calendar, SessionKind.AnnualPlan, '2025').date).toBe('2025-09-01');
  });

  it('moves a session off a holiday an administrator adds (a calendar change, no code change)', () => {
    const withHoliday = packageCalendar([['2025-09-01', { kind: 'holiday', name: '测试', source: 'test' }]]);
    expect(sessionSlot(withHoliday, SessionKind.AnnualPlan, '2025').date).toBe('2025-09-02');
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
