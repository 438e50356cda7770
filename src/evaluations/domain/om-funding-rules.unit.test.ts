import type { PerformanceEvaluationRow } from '../data-access/evaluation.entities';
import { applicationDueAt, applicationProblem, evaluationGradeOf, fundingFrom } from './om-funding-rules';

const evaluation = (over: Partial<PerformanceEvaluationRow>) =>
  ({ status: 'self-evaluated', selfGrade: 'good', finalGrade: null, ...over }) as PerformanceEvaluationRow;

describe('O&M funding application (M27, M20)', () => {
  it('given no stored performance evaluation, when the department applies, then it is refused for the missing report', () => {
    expect(applicationProblem(null)).toMatch(/须附项目绩效评价报告.*尚无绩效评价记录/);
    expect(evaluationGradeOf(null)).toBeNull();
  });

  it('given an evaluation recorded as missing, when the department applies, then it is refused, naming the missed window', () => {
    const missing = evaluation({ status: 'missing', selfGrade: null });
    expect(applicationProblem(missing)).toMatch(/评价缺失/);
    expect(evaluationGradeOf(missing)).toBeNull();
  });

  it("given a self-evaluation only, when the department applies, then it is eligible with the department's grade", () => {
    const selfOnly = evaluation({});
    expect(applicationProblem(selfOnly)).toBeNull();
    expect(evaluationGradeOf(selfOnly)).toBe('good');
  });

  it("given Finance evaluated a key project, when the department applies, then Finance's grade counts", () => {
    const key = evaluation({ status: 'finance-evaluated', selfGrade: 'excellent', finalGrade: 'fair' });
    expect(applicationProblem(key)).toBeNull();
    expect(evaluationGradeOf(key)).toBe('fair');
  });

  it('given a free period ending in 2030, when the deadline is computed, then it is the end of 31 August 2029 in Shanghai', () => {
    expect(applicationDueAt('2030-03-10').toISOString()).toBe('2029-08-31T15:59:59.000Z');
    expect(applicationDueAt('2030-01-01').toISOString()).toBe('2029-08-31T15:59:59.000Z');
    expect(applicationDueAt('2030-12-31').toISOString()).toBe('2029-08-31T15:59:59.000Z');
  });

  it('given a free period, when funds are approved, then they start on the day it ends, not before (M20)', () => {
    expect(fundingFrom('2030-03-10')).toBe('2030-03-10');
  });
});
