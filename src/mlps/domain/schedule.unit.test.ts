import { packageCalendar } from '../../calendar/domain/fixtures';
import { unifiedTestingOf } from './schedule';

const calendar = packageCalendar();

describe('the yearly unified MLPS testing date (M24.1/M24.2)', () => {
  it("given a builder's report on a working day, when its anniversary is a working day, then unified testing opens there at 09:00 Asia/Shanghai", () => {
    // 2025-03-04 (Tue) → 2026-03-04 (Wed)
    expect(unifiedTestingOf(calendar, '2025-03-04', 2026)).toEqual({
      year: 2026,
      date: '2026-03-04',
      at: new Date('2026-03-04T01:00:00.000Z'),
      provisional: false,
    });
  });

  it('given an anniversary on a weekend, then it moves to the next working day', () => {
    // 2026-03-07 is a Saturday
    expect(unifiedTestingOf(calendar, '2025-03-07', 2026).date).toBe('2026-03-09');
  });

  it('given an anniversary in the National Day holidays, then it moves past them (2025: 10/1–10/8 off)', () => {
    expect(unifiedTestingOf(calendar, '2024-10-02', 2025).date).toBe('2025-10-09');
  });

  it('given a later year, then the date keeps the first report’s anniversary, not a drifting one', () => {
    expect(unifiedTestingOf(calendar, '2024-03-05', 2026).date).toBe('2026-03-05');
  });

  it('given a first report on 29 February, then the anniversary is 28 February (the next working day if not one)', () => {
    // 2025-02-28 is a Friday
    expect(unifiedTestingOf(calendar, '2024-02-29', 2025).date).toBe('2025-02-28');
  });

  it("given the builder's own year, then it is refused: unified testing starts the year after", () => {
    expect(() => unifiedTestingOf(calendar, '2025-03-04', 2025)).toThrow(RangeError);
  });
});
