import { addMonths, endOfShanghaiDay, shanghaiDateOf } from './local-date';
import { packageCalendar } from './fixtures';
import {
  computeDeadline,
  deadlineRuleSchema,
  nominalSessionDate,
  omFundingApplicationDeadline,
  planYear,
  preReviewSessionDate,
} from './rules';

const calendar = packageCalendar();

describe('addMonths (calendar months, end-of-month clamping)', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-11-22', 12, '2027-11-22'],
    ['2026-11-22', 24, '2028-11-22'],
  ])('%s + %d months = %s', (from, n, to) => expect(addMonths(from, n)).toBe(to));
});

describe('plan year (M7.2, M7.4)', () => {
  it.each([
    ['2026-08-31', 2027],
    ['2026-09-01', 2028],
    ['2026-01-01', 2027],
    ['2026-12-31', 2028],
  ])('submitted %s → plan year %d', (date, year) => expect(planYear(date)).toBe(year));
});

describe('O&M funding application deadline (M27)', () => {
  it('is 31 August of the year before the free-O&M period ends', () => {
    expect(omFundingApplicationDeadline('2029-06-30')).toBe('2028-08-31');
    expect(omFundingApplicationDeadline('2030-01-01')).toBe('2029-08-31');
  });
});

describe('monthly pre-review session (M7.3)', () => {
  it('reads "the Thursday of the 4th week" both ways; they differ when a month starts Friday–Sunday', () => {
    // May 2026 starts on a Friday: Thursdays 7, 14, 21, 28
    expect(nominalSessionDate('2026-05', 'fourth-thursday')).toBe('2026-05-28');
    expect(nominalSessionDate('2026-05', 'fourth-week')).toBe('2026-05-21');
    // January 2026 starts on a Thursday: both agree
    expect(nominalSessionDate('2026-01', 'fourth-thursday')).toBe('2026-01-22');
    expect(nominalSessionDate('2026-01', 'fourth-week')).toBe('2026-01-22');
  });

  it('moves a session on a holiday to the next working day, here an adjusted working Saturday', () => {
    // January 2023: the 4th Thursday, 1/26, is in the Spring Festival (1/21–1/27); Saturday 1/28 was worked
    expect(preReviewSessionDate(calendar, '2023-01')).toEqual({
      nominal: '2023-01-26',
      date: '2023-01-28',
      moved: true,
      provisional: false,
    });
    expect(preReviewSessionDate(calendar, '2026-11')).toMatchObject({ date: '2026-11-26', moved: false });
  });
});

describe('computeDeadline', () => {
  const zones = ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'];
  const originalTz = process.env.TZ;
  afterAll(() => {
    process.env.TZ = originalTz;
  });

  it.each(zones)('counts in Asia/Shanghai whatever the server time zone (TZ=%s)', (tz) => {
    process.env.TZ = tz;
    // 2025-09-25T17:00Z is 26 Sep 01:00 in Shanghai: counting starts the day after 26 Sep
    const d = computeDeadline(calendar, new Date('2025-09-25T17:00:00Z'), { workingDays: 5 });
    expect(d).toEqual({
      dueAt: new Date('2025-10-10T15:59:59.000Z'),
      dueDate: '2025-10-10',
      provisional: false,
    });
    expect(shanghaiDateOf(new Date('2025-09-25T15:59:59Z'))).toBe('2025-09-25');
    expect(endOfShanghaiDay('2025-10-10').toISOString()).toBe('2025-10-10T15:59:59.000Z');
  });

  it('computes month, calendar-day, plan-year and O&M rules', () => {
    const start = new Date('2026-01-31T02:00:00Z');
    expect(computeDeadline(calendar, start, { months: 1 }).dueDate).toBe('2026-02-28');
    expect(computeDeadline(calendar, start, { calendarDays: 10 }).dueDate).toBe('2026-02-10');
    expect(computeDeadline(calendar, new Date('2026-09-01T01:00:00Z'), { planYear: true })).toMatchObject({
      planYear: 2028,
      dueDate: '2027-08-31',
      provisional: true, // 2027 has no official schedule yet
    });
    expect(
      computeDeadline(calendar, new Date('2026-06-30T01:00:00Z'), { omFundingApplication: true }),
    ).toMatchObject({
      dueDate: '2025-08-31',
      provisional: false,
    });
  });

  it('flags a working-day deadline that runs into a provisional year', () => {
    const d = computeDeadline(calendar, new Date('2026-12-28T02:00:00Z'), { workingDays: 5 });
    expect(d.provisional).toBe(true);
    expect(d.dueDate).toBe('2027-01-04'); // weekday rule: 29, 30, 31 Dec, 1 Jan, 4 Jan
  });

  it('gives the next pre-review session not yet begun, at 09:00 Shanghai', () => {
    // 26 Nov 2026 is the 4th Thursday; at 08:00 Shanghai it has not begun
    expect(
      computeDeadline(calendar, new Date('2026-11-26T00:00:00Z'), { preReviewSession: true }).dueAt,
    ).toEqual(new Date('2026-11-26T01:00:00Z'));
    // at 10:00 Shanghai it has: the December session (4th Thursday: 24 Dec)
    expect(
      computeDeadline(calendar, new Date('2026-11-26T02:00:00Z'), { preReviewSession: true }).dueDate,
    ).toBe('2026-12-24');
  });
});

describe('deadlineRuleSchema', () => {
  it.each([
    [{ workingDays: -1 }],
    [{ workingDays: 2.5 }],
    [{ workingDays: 1_000_000 }],
    [{ months: 1, workingDays: 2 }],
    [{ weeks: 2 }],
    [{ planYear: false }],
  ])('rejects %j', (rule) => expect(deadlineRuleSchema.safeParse(rule).success).toBe(false));

  it('accepts the rules the regulations use', () => {
    for (const rule of [{ workingDays: 5 }, { months: 6 }, { calendarDays: 30 }, { planYear: true }]) {
      expect(deadlineRuleSchema.parse(rule)).toEqual(rule);
    }
  });
});
