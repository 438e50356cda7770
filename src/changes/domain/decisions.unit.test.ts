import type { ChangeRequestRow } from '../data-access/change-request.entity';
import { changeDecisionProblem, type ChangeDecisionInput } from './decisions';

const change = (state: ChangeRequestRow['state']): ChangeRequestRow => ({
  id: '7',
  projectCode: 'LS-2026-0001',
  description: '增加移动端模块',
  adjustmentAmount: '150100.00',
  cumulativeAdjustmentRatio: '0.1501',
  route: 'approve',
  state,
  requestedBy: 'psb-applicant',
  requestedAt: new Date('2027-03-01T02:00:00Z'),
  idempotencyKey: 'k',
  requestHash: 'h',
  decidedAt: null,
  decidedBy: null,
  decisionReason: null,
});
const decision = (overrides: Partial<ChangeDecisionInput> = {}): ChangeDecisionInput => ({
  changeId: '7',
  projectCode: 'LS-2026-0001',
  decision: 'approved',
  decidedBy: 'eib',
  reason: '调整内容符合批复的建设框架',
  ...overrides,
});

describe('changeDecisionProblem (M16)', () => {
  it('given a submitted change, then the EIB may approve or reject it with a reason', () => {
    expect(changeDecisionProblem(change('submitted'), decision())).toBeUndefined();
    expect(changeDecisionProblem(change('submitted'), decision({ decision: 'rejected' }))).toBeUndefined();
  });

  it('refuses an approval or rejection without its reason, but files without one', () => {
    expect(changeDecisionProblem(change('submitted'), decision({ reason: '  ' }))).toBe(
      '审批意见须说明理由（M16）',
    );
    expect(
      changeDecisionProblem(change('filed'), decision({ decision: 'filed', reason: null })),
    ).toBeUndefined();
  });

  it('refuses to turn a decided change into another decision, and a change of another project', () => {
    expect(changeDecisionProblem(change('approved'), decision({ decision: 'rejected' }))).toMatch(/已批准/);
    expect(changeDecisionProblem(change('rejected'), decision())).toMatch(/已不予批准/);
    expect(changeDecisionProblem(change('approved'), decision())).toBeUndefined();
    expect(changeDecisionProblem(change('submitted'), decision({ projectCode: 'LS-2026-0002' }))).toMatch(
      /不属于项目/,
    );
  });
});
