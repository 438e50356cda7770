import { contractDays, contractPeriodProblem, seriousDelayAt } from './serious-delay';

describe('seriousDelayAt (M18: contract end + 50 % of the contract period)', () => {
  it('given a 365-day contract for 2027, then the delay is serious from 2028-07-01 12:00 Shanghai', () => {
    // the period runs 2027-01-01 00:00 to 2028-01-01 00:00 (+08:00): 365 days, half of it 182.5 days
    expect(contractDays('2027-01-01', '2027-12-31')).toBe(365);
    expect(seriousDelayAt('2027-01-01', '2027-12-31').toISOString()).toBe('2028-07-01T04:00:00.000Z');
  });

  it('given a 10-day contract, then it is serious exactly 5 days after the end of its last day', () => {
    // given 2027-03-01 … 2027-03-10, ending 2027-03-11 00:00 +08:00
    const at = seriousDelayAt('2027-03-01', '2027-03-10');
    // then 2027-03-16 00:00 +08:00, to the millisecond
    expect(at.toISOString()).toBe('2027-03-15T16:00:00.000Z');
  });

  it('given a leap year, then the extra day counts in the period', () => {
    expect(contractDays('2028-01-01', '2028-12-31')).toBe(366);
    expect(seriousDelayAt('2028-01-01', '2028-12-31').toISOString()).toBe('2029-07-02T16:00:00.000Z');
  });

  it('refuses a period that ends on or before its start, or a date that does not exist', () => {
    expect(contractPeriodProblem('2027-03-10', '2027-03-10')).toMatch(/须晚于开工日期/);
    expect(contractPeriodProblem('2027-03-10', '2027-03-09')).toMatch(/须晚于开工日期/);
    expect(contractPeriodProblem('2027-02-30', '2027-03-09')).toMatch(/不是有效日期/);
    expect(contractPeriodProblem('2027-03-09', '2027-03-10')).toBeUndefined();
    expect(() => seriousDelayAt('2027-03-10', '2027-03-01')).toThrow(/须晚于开工日期/);
  });
});
