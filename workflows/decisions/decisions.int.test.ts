/**
 * The rule thresholds that live in DMN, evaluated by the engine itself at and around each
 * boundary: M10.2 (< 10 M yuan, exclusive) and M21 (≤ 100 M yuan, inclusive).
 */
import path from 'node:path';
import { DecisionId } from '../../src/shared/bpmn';
import { deploy, testCamunda } from '../../src/shared/testing';

describe('decisions', () => {
  const camunda = testCamunda();

  beforeAll(async () => {
    await deploy(
      camunda,
      path.join(__dirname, 'document-path.dmn'),
      path.join(__dirname, 'settlement-review-route.dmn'),
    );
  });
  afterAll(() => camunda.close());

  const evaluate = async (decisionId: string, variables: Record<string, string | number | boolean>) => {
    const res = await camunda.zeebe.evaluateDecision({ decisionId, variables });
    expect(res.failureMessage).toBe('');
    return JSON.parse(res.decisionOutput) as Record<string, string>;
  };

  it.each([
    [true, true, 9_999_999.99, 'preliminary-design-or-implementation-plan', 'M10.2'],
    [true, true, 10_000_000, 'feasibility-study', 'M10.1'],
    [true, false, 500_000, 'feasibility-study', 'M10.1'],
    [false, true, 500_000, 'feasibility-study', 'M10.1'],
  ])(
    'document path (M10.2): single scope %s, simple technology %s, %d yuan → %s',
    async (singleScope, simpleTechnology, investment, documentPath, ruleId) => {
      await expect(
        evaluate(DecisionId.DocumentPath, { singleScope, simpleTechnology, investment }),
      ).resolves.toEqual({ documentPath, ruleId });
    },
  );

  it.each([
    [100_000_000, 'financial-review', 'approval-department'],
    [100_000_000.01, 'audit', 'audit'],
    [3_000_000, 'financial-review', 'approval-department'],
  ])('settlement review (M21): %d yuan → %s by %s', async (approvedAmount, reviewRoute, reviewer) => {
    await expect(evaluate(DecisionId.SettlementReviewRoute, { approvedAmount })).resolves.toEqual({
      reviewRoute,
      reviewer,
    });
  });
});
