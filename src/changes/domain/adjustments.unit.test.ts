import { isAppError } from '../../shared/errors';
import {
  adjustmentSums,
  assessChange,
  basisPoints,
  changeRoute,
  refuseChange,
  toFen,
  toYuan,
} from './adjustments';
import { changeInputSchema } from './schemas';

const ESTIMATE = '1000000.00';

describe('yuan in fen', () => {
  it.each([
    ['1000000.00', 100_000_000n],
    ['-120000.5', -12_000_050n],
    ['0.01', 1n],
    ['-0.1', -10n],
    ['999999999999.99', 99_999_999_999_999n],
  ])('%s yuan is %d fen, and back', (yuan, fen) => {
    expect(toFen(yuan)).toBe(fen);
    expect(toFen(toYuan(fen))).toBe(fen);
  });

  it('writes fen as yuan with two decimals and its sign', () => {
    expect(toYuan(-12_000_050n)).toBe('-120000.50');
    expect(toYuan(7n)).toBe('0.07');
  });
});

describe('basis points, rounded up', () => {
  it('is exact at 15 % and rounds anything above it up', () => {
    // given an estimate of 1 000 000.00 yuan
    const whole = toFen(ESTIMATE);
    // then 150 000.00 is 1500 bp, and one fen more is already 1501
    expect(basisPoints(toFen('150000.00'), whole)).toBe(1500);
    expect(basisPoints(toFen('150000.01'), whole)).toBe(1501);
    expect(basisPoints(0n, whole)).toBe(0);
  });
});

describe('changeRoute (M16, as the change-route DMN)', () => {
  it.each([
    [0, true, 'file'],
    [1500, true, 'file'],
    [1501, true, 'approve'],
    [1500, false, 'approve'],
  ] as const)('%d bp, within the estimate %s → %s', (cumulativeRatio, withinEstimate, route) => {
    expect(changeRoute({ cumulativeRatio, withinEstimate })).toBe(route);
  });
});

describe('assessChange', () => {
  it('adds |adjustments| of both signs: +100 000.00 and −50 000.00 are 15.00 % of 1 000 000.00', () => {
    // given changes +100 000.00 and −50 000.00 of an estimate of 1 000 000.00
    const sums = adjustmentSums(ESTIMATE, ['100000.00', '-50000.00']);
    // then they add up to 150 000.00 in absolute value: 15.00 %, the filing limit itself
    expect(sums).toMatchObject({ cumulativeFen: 15_000_000n, cumulativeRatio: 1500, ratio: '0.1500' });
    expect(changeRoute({ cumulativeRatio: sums.cumulativeRatio, withinEstimate: true })).toBe('file');
    // and +0.01 more is 15.0001 %, rounded up to 15.01 %: approval
    const next = adjustmentSums(ESTIMATE, ['100000.00', '-50000.00', '0.01']);
    expect(next).toMatchObject({ cumulativeRatio: 1501, ratio: '0.1501' });
    expect(changeRoute({ cumulativeRatio: next.cumulativeRatio, withinEstimate: true })).toBe('approve');
  });

  it('files a change that brings the mixed-sign cumulative adjustment to exactly 15.00 %', () => {
    // given −100 000.00 and +30 000.00 so far (13.00 %, net −70 000.00)
    const earlier = ['-100000.00', '30000.00'];
    // when the department adds +20 000.00
    const a = assessChange({ approvedEstimate: ESTIMATE, earlier, adjustment: '20000.00' });
    // then the cumulative absolute adjustment is 150 000.00 = 15.00 %, within the estimate: filed
    expect(a).toMatchObject({
      cumulativeFen: 15_000_000n,
      totalFen: 95_000_000n,
      cumulativeRatio: 1500,
      ratio: '0.1500',
      withinEstimate: true,
      route: 'file',
    });
    expect(() => refuseChange(a, ESTIMATE)).not.toThrow();
  });

  it('sends a change one fen above 15.00 % to approval, whichever its sign', () => {
    // given 15.00 % already used by +75 000.00 and −75 000.00 (net 0)
    const earlier = ['75000.00', '-75000.00'];
    // when one fen more is adjusted, down or (after the earlier decreases) up
    const down = assessChange({ approvedEstimate: ESTIMATE, earlier, adjustment: '-0.01' });
    const up = assessChange({
      approvedEstimate: ESTIMATE,
      earlier: [...earlier, '-10.00'],
      adjustment: '0.01',
    });
    // then both need approval
    expect(down).toMatchObject({ cumulativeRatio: 1501, withinEstimate: true, route: 'approve' });
    expect(up).toMatchObject({ cumulativeRatio: 1501, withinEstimate: true, route: 'approve' });
  });

  it('files 14.99 % and the 15.00 % reached by 1 500 changes of 100.00', () => {
    expect(assessChange({ approvedEstimate: ESTIMATE, earlier: [], adjustment: '-149900.00' }).route).toBe(
      'file',
    );
    const many = Array.from({ length: 1499 }, (_, i) => (i % 2 ? '100.00' : '-100.00'));
    const a = assessChange({ approvedEstimate: ESTIMATE, earlier: many, adjustment: '-100.00' });
    expect(a).toMatchObject({ cumulativeRatio: 1500, route: 'file' });
  });

  it('refuses a change that takes the total above the approved estimate, naming adjustmentAmount', () => {
    // given a decrease of 10 000.00 so far
    const earlier = ['-10000.00'];
    // when an increase of 10 000.00 is allowed (back to the estimate), but one fen more is not
    const atEstimate = assessChange({ approvedEstimate: ESTIMATE, earlier, adjustment: '10000.00' });
    const above = assessChange({ approvedEstimate: ESTIMATE, earlier, adjustment: '10000.01' });
    expect(() => refuseChange(atEstimate, ESTIMATE)).not.toThrow();
    expect(above).toMatchObject({ withinEstimate: false, route: 'approve', totalFen: 100_000_001n });
    let error: unknown;
    try {
      refuseChange(above, ESTIMATE);
    } catch (e) {
      error = e;
    }
    expect(isAppError(error) && error.status).toBe(400);
    expect((error as Error).message).toMatch(
      /^adjustmentAmount: .*1000000\.01 yuan, above the approved estimate/,
    );
  });

  it('refuses a decrease below zero', () => {
    const a = assessChange({ approvedEstimate: ESTIMATE, earlier: [], adjustment: '-1000000.01' });
    expect(() => refuseChange(a, ESTIMATE)).toThrow(/adjustmentAmount: .*-0\.01 yuan, below zero/);
    const all = assessChange({ approvedEstimate: ESTIMATE, earlier: [], adjustment: '-1000000.00' });
    expect(() => refuseChange(all, ESTIMATE)).not.toThrow();
  });
});

describe('changeInputSchema', () => {
  const parse = (adjustmentAmount: unknown) =>
    changeInputSchema.safeParse({ description: '调整建设内容', adjustmentAmount });

  it.each(['-120000.00', '50000', '0.01', '-0.5', '999999999999.99'])('accepts %s', (amount) => {
    expect(parse(amount).success).toBe(true);
  });

  it.each([['abc'], ['-'], ['1e5'], ['12.345'], [''], ['0'], ['-0.00'], ['+5.00'], [' 5'], [120000], [null]])(
    'refuses %p naming adjustmentAmount',
    (amount) => {
      const result = parse(amount);
      expect(result.success).toBe(false);
      expect(result.error!.issues.map((i) => i.path.join('.'))).toContain('adjustmentAmount');
    },
  );
});
