import { parseYuan, reviewClockStart, validateSettlement } from './amounts';

describe('parseYuan (M21 amounts)', () => {
  it.each([
    ['100000000.00', '100000000.00'],
    ['100000000.01', '100000000.01'],
    ['100000000', '100000000.00'],
    ['  86000.5 ', '86000.50'],
    ['007.10', '7.10'],
    [100000000.01, '100000000.01'],
    [0.01, '0.01'],
  ])('given %p, then it is the exact amount %s', (value, yuan) => {
    expect(parseYuan(value, '结算金额')).toEqual({ ok: true, value: yuan });
  });

  it.each([
    ['-1', /结算金额不能为负数：-1（M21）/],
    [-0.5, /不能为负数/],
    ['abc', /结算金额不是有效金额：“abc”/],
    ['1,000', /不是有效金额/],
    ['1.234', /不是有效金额/],
    ['1e6', /不是有效金额/],
    [Number.NaN, /请填写结算金额/],
    ['', /请填写结算金额（元）（M21）/],
    [null, /请填写/],
    ['0.00', /结算金额须大于 0/],
    [true, /结算金额不是有效金额/],
  ])('given %p, then it is refused: %s', (value, problem) => {
    const parsed = parseYuan(value, '结算金额');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });
});

describe('validateSettlement', () => {
  const today = '2026-12-01';

  it('given no approved amount, then the approved estimate (budgetEstimate) is the approved amount', () => {
    const v = validateSettlement(
      {
        settledAmount: '98000000',
        settlementDate: '2026-11-30',
        approvedAmount: null,
        budgetEstimate: '100000000.00',
      },
      today,
    );
    expect(v).toEqual({
      ok: true,
      value: { settledAmount: '98000000.00', approvedAmount: '100000000.00', settlementDate: '2026-11-30' },
    });
  });

  it('given an approved amount, then it wins over the estimate', () => {
    const v = validateSettlement(
      { settledAmount: '1', settlementDate: today, approvedAmount: '100000000.01', budgetEstimate: '1.00' },
      today,
    );
    expect(v.ok && v.value.approvedAmount).toBe('100000000.01');
  });

  it('given a negative amount, a non-numeric one and a date tomorrow, then every problem is listed', () => {
    const v = validateSettlement(
      { settledAmount: '-5', settlementDate: '2026-12-02', approvedAmount: '一亿', budgetEstimate: '1.00' },
      today,
    );
    expect(v).toEqual({
      ok: false,
      problems: [
        '结算金额不能为负数：-5（M21）',
        expect.stringContaining('批复金额不是有效金额：“一亿”'),
        '结算日期 2026-12-02 晚于今天 2026-12-01：尚未办理的结算不能登记（M21）',
      ],
    });
  });

  it('given a date that does not exist, then it is refused', () => {
    const v = validateSettlement(
      { settledAmount: '5', settlementDate: '2026-02-30', approvedAmount: '5', budgetEstimate: null },
      today,
    );
    expect(v).toEqual({ ok: false, problems: ['结算日期须为有效日期 YYYY-MM-DD（M21）'] });
  });
});

describe('reviewClockStart (M21: the later of final acceptance and settlement)', () => {
  const accepted = new Date('2026-12-01T02:00:00.000Z'); // 10:00 in Shanghai

  it('given a settlement after final acceptance, then the clock starts at the start of the settlement day (Shanghai)', () => {
    expect(reviewClockStart(accepted, '2026-12-20').toISOString()).toBe('2026-12-19T16:00:00.000Z');
  });

  it('given a settlement before final acceptance, then the clock starts at final acceptance', () => {
    expect(reviewClockStart(accepted, '2026-10-15')).toEqual(accepted);
  });

  it('given a settlement on the day of final acceptance, then the clock starts at final acceptance', () => {
    expect(reviewClockStart(accepted, '2026-12-01')).toEqual(accepted);
  });
});
