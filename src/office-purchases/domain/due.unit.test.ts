import { filingDueAt, filingDueDate, isAfterToday, isOverdue } from './due';

describe('the M10.3 filing deadline: one calendar month after the purchase completed', () => {
  it.each([
    ['2026-01-15', '2026-02-15'],
    // a day the next month lacks: its last day
    ['2026-01-31', '2026-02-28'],
    ['2024-01-31', '2024-02-29'],
    ['2025-01-29', '2025-02-28'],
    ['2028-01-30', '2028-02-29'],
    ['2026-03-31', '2026-04-30'],
    // across the year end
    ['2025-12-31', '2026-01-31'],
    ['2025-12-15', '2026-01-15'],
  ])('given a purchase completed on %s, then the filing is due on %s', (completed, due) => {
    // when the due date is computed
    const result = filingDueDate(completed);
    // then it is the same day a month later, or that month's last day
    expect(result).toBe(due);
  });

  it('given a due date, then the deadline ends at 23:59:59 Asia/Shanghai of that day', () => {
    // given a purchase completed on 31 January of a leap year, when the instant is computed
    const at = filingDueAt('2024-01-31');
    // then it is the end of 29 February in Shanghai (15:59:59 UTC)
    expect(at.toISOString()).toBe('2024-02-29T15:59:59.000Z');
  });
});

describe('the overdue flag', () => {
  const dueAt = new Date('2026-02-15T15:59:59.000Z');

  it('flags an open filing only once its due instant has passed', () => {
    // given an open filing, when it is read one second before and one second after its due instant
    const open = { dueAt, filedAt: null, late: null };
    // then it is overdue only after
    expect(isOverdue(open, new Date('2026-02-15T15:59:58.000Z'))).toBe(false);
    expect(isOverdue(open, new Date('2026-02-15T16:00:00.000Z'))).toBe(true);
  });

  it('flags a filed filing by whether it was filed late, whenever it is read', () => {
    // given filings registered after the due instant, one in time and one late
    const readAt = new Date('2026-06-01T00:00:00.000Z');
    const filedAt = new Date('2026-03-01T00:00:00.000Z');
    // then only the late one is overdue
    expect(isOverdue({ dueAt, filedAt, late: false }, readAt)).toBe(false);
    expect(isOverdue({ dueAt, filedAt, late: true }, readAt)).toBe(true);
  });
});

describe('a purchase date after today', () => {
  it('is judged on the Shanghai date, not the UTC one', () => {
    // given 2026-03-01 00:30 in Shanghai (still 28 February in UTC)
    const now = new Date('2026-02-28T16:30:00.000Z');
    // then 1 March is today, 2 March is after today
    expect(isAfterToday('2026-03-01', now)).toBe(false);
    expect(isAfterToday('2026-03-02', now)).toBe(true);
  });
});
