import fc from 'fast-check';
import { addDays, isoWeekday } from './local-date';
import { packageCalendar } from './fixtures';
import { CalendarRangeError } from './work-calendar';

const calendar = packageCalendar();

describe('working days from the State Council schedules (package data)', () => {
  it.each([
    // 2024 Spring Festival: 2/10–2/17 off; Sundays 2/4 and 2/18 worked
    ['2024-02-04', true],
    ['2024-02-09', true],
    ['2024-02-10', false],
    ['2024-02-17', false],
    ['2024-02-18', true],
    // 2024 Labour Day: 5/1–5/5 off; Sunday 4/28 and Saturday 5/11 worked
    ['2024-04-28', true],
    ['2024-05-03', false],
    ['2024-05-11', true],
    // 2024 National Day: 10/1–10/7 off; Sunday 9/29 and Saturday 10/12 worked
    ['2024-09-29', true],
    ['2024-10-07', false],
    ['2024-10-12', true],
    // 2025 Spring Festival 1/28–2/4, worked Sunday 1/26 and Saturday 2/8
    ['2025-01-26', true],
    ['2025-02-04', false],
    ['2025-02-08', true],
    // 2025 Labour Day 5/1–5/5, worked Sunday 4/27
    ['2025-04-27', true],
    ['2025-05-05', false],
    // 2025 National Day + Mid-Autumn 10/1–10/8, worked Sunday 9/28 and Saturday 10/11
    ['2025-09-28', true],
    ['2025-10-08', false],
    ['2025-10-11', true],
    // 2026: New Year 1/1–1/3 (Sunday 1/4 worked); Spring Festival 2/15–2/23 (Saturdays 2/14, 2/28 worked)
    ['2026-01-02', false],
    ['2026-01-04', true],
    ['2026-02-14', true],
    ['2026-02-23', false],
    ['2026-02-28', true],
    // 2026 Labour Day 5/1–5/5 (Saturday 5/9 worked); National Day 10/1–10/7 (Sunday 9/20, Saturday 10/10 worked)
    ['2026-05-04', false],
    ['2026-05-09', true],
    ['2026-09-20', true],
    ['2026-10-07', false],
    ['2026-10-10', true],
    // ordinary days
    ['2026-11-21', false], // Saturday
    ['2026-11-23', true], // Monday
  ])('%s working: %s', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it('names the day and its source', () => {
    expect(calendar.dayInfo('2025-10-06')).toMatchObject({
      kind: 'holiday',
      name: '中秋',
      working: false,
      source: 'package',
      provisional: false,
    });
    expect(calendar.dayInfo('2025-09-28')).toMatchObject({
      kind: 'adjusted-workday',
      working: true,
      weekday: 7,
    });
    expect(calendar.dayInfo('2026-11-23')).toMatchObject({
      kind: 'workday',
      source: 'weekday-rule',
      name: null,
    });
  });
});

describe('addWorkingDays', () => {
  it('runs a 5-working-day review received before National Day 2025 across the 8-day holiday and a working Sunday', () => {
    // received Friday 26 Sep: Sun 9/28 (1), 9/29 (2), 9/30 (3), holiday 10/1–10/8, 10/9 (4), 10/10 (5)
    expect(calendar.addWorkingDays('2025-09-26', 5)).toBe('2025-10-10');
    // a Monday–Friday rule would have said 3 October, in the middle of the holiday
    expect(isoWeekday('2025-10-03')).toBe(5);
  });

  it.each([
    ['2025-09-30', 5, '2025-10-14'], // 10/9, 10/10, Saturday 10/11 worked, 10/13, 10/14
    ['2026-02-13', 5, '2026-02-27'], // Saturday 2/14 worked, holiday to 2/23, then 2/24–2/27
    ['2024-04-26', 3, '2024-04-30'], // Saturday 4/27 off, Sunday 4/28 worked
    ['2024-02-08', 2, '2024-02-18'], // 2/9, holiday 2/10–2/17, Sunday 2/18 worked
    ['2026-12-31', 0, '2026-12-31'],
  ])('%s + %d working days = %s', (from, n, due) => {
    expect(calendar.addWorkingDays(from, n)).toBe(due);
    expect(calendar.workingDaysBetween(from, due)).toBe(n);
  });

  it('finds the next working day after a holiday', () => {
    expect(calendar.nextWorkingDay('2025-09-30')).toBe('2025-10-09');
    expect(calendar.nextWorkingDay('2026-11-20')).toBe('2026-11-23');
  });

  it('rejects negative, fractional and out-of-range input', () => {
    expect(() => calendar.addWorkingDays('2026-01-05', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-01-05', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('1999-12-31', 1)).toThrow(CalendarRangeError);
    expect(() => calendar.addWorkingDays('2100-12-20', 30)).toThrow(/beyond 2100-12-31/);
  });
});

describe('provisional years', () => {
  it('answers a year without official data by the weekday rule, flagged provisional', () => {
    // 2027 is in no package yet
    expect(calendar.yearStatus(2027)).toBe('provisional');
    expect(calendar.dayInfo('2027-01-01')).toMatchObject({
      working: true,
      source: 'weekday-rule',
      provisional: true,
    });
    expect(calendar.anyProvisional('2026-12-28', calendar.addWorkingDays('2026-12-28', 5))).toBe(true);
    expect(calendar.anyProvisional('2026-09-01', calendar.addWorkingDays('2026-09-01', 5))).toBe(false);
  });

  it('takes an administrator schedule for a year instead of the package and the weekday rule', () => {
    // given an official 2027 schedule with New Year off and a working Sunday
    const withDb = packageCalendar(
      [
        ['2027-01-01', { kind: 'holiday', name: '元旦', source: '国办发明电〔2026〕X号' }],
        ['2027-01-03', { kind: 'adjusted-workday', name: '元旦调休上班', source: '国办发明电〔2026〕X号' }],
      ],
      [[2027, 'official']],
    );
    // then the database rows answer, and the year is no longer provisional
    expect(withDb.dayInfo('2027-01-01')).toMatchObject({
      working: false,
      source: 'database',
      provisional: false,
    });
    expect(withDb.isWorkingDay('2027-01-03')).toBe(true);
    expect(withDb.addWorkingDays('2026-12-31', 2)).toBe('2027-01-04');
  });

  it('lets a database schedule replace the package data of a covered year', () => {
    // given a 2026 schedule in the database that does not list 2026-10-10 as worked
    const withDb = packageCalendar(
      [['2026-10-08', { kind: 'holiday', name: '国庆节', source: 'db' }]],
      [[2026, 'official']],
    );
    expect(withDb.isWorkingDay('2026-10-10')).toBe(false); // package said: worked Saturday
    expect(withDb.isWorkingDay('2026-10-08')).toBe(false);
    expect(withDb.isWorkingDay('2026-10-07')).toBe(true); // not in the database schedule
  });
});

describe('properties (fast-check)', () => {
  const dateArb = fc.integer({ min: 0, max: 365 * 27 }).map((offset) => addDays('2004-01-01', offset));
  const nArb = fc.integer({ min: 1, max: 400 });

  /** The obvious day-by-day definition, to check the table against. */
  function naiveAdd(from: string, n: number): string {
    let d = from;
    for (let left = n; left > 0;) {
      d = addDays(d, 1);
      if (calendar.dayInfo(d).working) left--;
    }
    return d;
  }

  it('lands on a working day after the start', () => {
    fc.assert(
      fc.property(dateArb, nArb, (d, n) => {
        const due = calendar.addWorkingDays(d, n);
        return calendar.isWorkingDay(due) && due > d;
      }),
    );
  });

  it('is strictly monotonic in n', () => {
    fc.assert(
      fc.property(dateArb, nArb, nArb, (d, a, b) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        return calendar.addWorkingDays(d, lo) < calendar.addWorkingDays(d, hi);
      }),
    );
  });

  it('is inverted by workingDaysBetween', () => {
    fc.assert(
      fc.property(
        dateArb,
        nArb,
        (d, n) => calendar.workingDaysBetween(d, calendar.addWorkingDays(d, n)) === n,
      ),
    );
  });

  it('agrees with the day-by-day definition', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 1, max: 60 }),
        (d, n) => calendar.addWorkingDays(d, n) === naiveAdd(d, n),
      ),
      { numRuns: 300 },
    );
  });
});
