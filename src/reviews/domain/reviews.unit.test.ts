import { AppError } from '../../shared/errors';
import { checkReceivedAt } from './reviews';

describe('checkReceivedAt (M11.1 counts from the receipt of the materials)', () => {
  const now = new Date('2026-11-20T03:00:00Z');

  it.each([
    ['an hour ago', '2026-11-20T02:00:00Z'],
    ['now', '2026-11-20T03:00:00Z'],
    ['five minutes ahead (clock drift)', '2026-11-20T03:05:00Z'],
  ])('given materials received %s, then the round may open', (_when, at) => {
    // when the receipt time is checked against now, then it passes
    expect(() => checkReceivedAt(new Date(at), now)).not.toThrow();
  });

  it('given materials dated ten minutes ahead, then it is refused as bad input naming materialsReceivedAt and what to do', () => {
    // when the receipt time lies beyond the clock drift
    const refusal = (() => {
      try {
        checkReceivedAt(new Date('2026-11-20T03:10:00Z'), now);
      } catch (e) {
        return e;
      }
    })();
    // then a bad request (an incident at once, not retried) says which variable and how to fix it
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).kind).toBe('bad-request');
    expect((refusal as AppError).transient).toBe(false);
    expect((refusal as AppError).message).toMatch(
      /^materialsReceivedAt \(材料接收时间\) 2026-11-20T03:10:00\.000Z is later than now \(2026-11-20T03:00:00\.000Z\).*set materialsReceivedAt to when the EIB received the materials/,
    );
  });
});
