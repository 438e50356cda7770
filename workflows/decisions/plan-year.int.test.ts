/**
 * M7.2 / M7.4 in DMN, evaluated by the engine itself: submitted on or before 31 August of Y (the
 * city's date, Asia/Shanghai) → plan year Y+1, after → Y+2 — whatever offset the instant carries.
 */
import path from 'node:path';
import { planYear } from '../../src/calendar';
import { shanghaiDateOf } from '../../src/calendar/domain/local-date';
import { DecisionId } from '../../src/shared/bpmn';
import { deploy, testCamunda } from '../../src/shared/testing';

describe('plan-year decision (M7.2, M7.4)', () => {
  const camunda = testCamunda();
  beforeAll(() => deploy(camunda, path.join(__dirname, 'plan-year.dmn')));
  afterAll(() => camunda.close());

  const evaluate = async (submittedAt: string) => {
    const res = await camunda.zeebe.evaluateDecision({
      decisionId: DecisionId.PlanYear,
      variables: { submittedAt },
    });
    expect(res.failureMessage).toBe('');
    return JSON.parse(res.decisionOutput) as { planYear: number; ruleId: string };
  };

  it.each([
    // the last moment of 31 August in the city, written in its own offset and in UTC
    ['2027-08-31T23:59:59+08:00', 2028, 'M7.2'],
    ['2027-08-31T15:59:59Z', 2028, 'M7.2'],
    // the first moment of 1 September in the city
    ['2027-09-01T00:00:00+08:00', 2029, 'M7.4'],
    ['2027-08-31T16:00:00.000Z', 2029, 'M7.4'],
    // 31 August 20:00 in New York is already 1 September 08:00 in the city: the city's date counts
    ['2027-08-31T20:00:00-04:00', 2029, 'M7.4'],
    // 1 September 00:30 in Tokyo is still 31 August 23:30 in the city
    ['2027-09-01T00:30:00+09:00', 2028, 'M7.2'],
    ['2027-01-01T00:00:00+08:00', 2028, 'M7.2'],
    ['2027-12-31T23:59:59+08:00', 2029, 'M7.4'],
  ])(
    'submitted at %s → plan year %d (%s), as the calendar domain says',
    async (submittedAt, year, ruleId) => {
      await expect(evaluate(submittedAt)).resolves.toEqual({ planYear: year, ruleId });
      expect(planYear(shanghaiDateOf(new Date(submittedAt)))).toBe(year);
    },
  );
});
