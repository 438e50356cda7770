import { computeDeadline } from '../../calendar';
import { packageCalendar } from '../../calendar/domain/fixtures';
import { evaluationWindow, windowProblem } from './window';

const calendar = packageCalendar();
const at = (iso: string) => new Date(iso);

describe('performance self-evaluation window (M22.1: months 12–24 after final acceptance)', () => {
  it('given a final acceptance, when the window is computed, then it is what deadline.compute gives the timers', () => {
    const accepted = at('2026-03-10T15:30:00+08:00');
    const window = evaluationWindow(accepted);
    expect(window.opensAt).toEqual(computeDeadline(calendar, accepted, { months: 12 }).dueAt);
    expect(window.closesAt).toEqual(computeDeadline(calendar, accepted, { months: 24 }).dueAt);
    expect(window.opensAt.toISOString()).toBe('2027-03-10T15:59:59.000Z');
    expect(window.closesAt.toISOString()).toBe('2028-03-10T15:59:59.000Z');
  });

  it('given a final acceptance late in the evening in Shanghai, when the window is computed, then it counts from the Shanghai date', () => {
    // 2026-03-10T23:30+08:00 is still 10 March in Shanghai (15:30 UTC)
    const window = evaluationWindow(at('2026-03-10T15:30:00Z'));
    expect(window.opensAt.toISOString()).toBe('2027-03-10T15:59:59.000Z');
  });

  it('given a final acceptance on 29 February, when the window is computed, then months are clamped to the end of February', () => {
    const window = evaluationWindow(at('2028-02-29T10:00:00+08:00'));
    expect(window.opensAt.toISOString()).toBe('2029-02-28T15:59:59.000Z');
    expect(window.closesAt.toISOString()).toBe('2030-02-28T15:59:59.000Z');
  });

  describe('given the window of a project accepted on 2026-03-10', () => {
    const window = evaluationWindow(at('2026-03-10T10:00:00+08:00'));
    const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

    it('when the self-evaluation comes a millisecond before it opens, then it is refused as too early', () => {
      expect(windowProblem(window, ms(window.opensAt, -1))).toMatch(/尚未开始/);
    });
    it('when it comes exactly at the opening instant, then it is accepted', () => {
      expect(windowProblem(window, window.opensAt)).toBeNull();
    });
    it('when it comes exactly at the closing instant, then it is accepted', () => {
      expect(windowProblem(window, window.closesAt)).toBeNull();
    });
    it('when it comes a millisecond after it closed, then it is refused as too late, naming the rule', () => {
      const problem = windowProblem(window, ms(window.closesAt, 1));
      expect(problem).toMatch(/已于 2028\/3\/10 23:59:59 结束/);
      expect(problem).toContain('M22.1');
    });
  });
});
