/**
 * M16 in DMN, evaluated by the engine itself at and around the 15 % boundary (basis points, rounded
 * up by the domain: 1500 files, 1501 needs approval), and compared with the domain's own route.
 */
import path from 'node:path';
import { changeRoute, type ChangeRouteInput } from '../../src/changes';
import { DecisionId } from '../../src/shared/bpmn';
import { deploy, testCamunda } from '../../src/shared/testing';

describe('change-route decision (M16)', () => {
  const camunda = testCamunda();
  beforeAll(() => deploy(camunda, path.join(__dirname, 'change-route.dmn')));
  afterAll(() => camunda.close());

  const evaluate = async (variables: ChangeRouteInput) => {
    const res = await camunda.zeebe.evaluateDecision({
      decisionId: DecisionId.ChangeRoute,
      variables: { ...variables },
    });
    expect(res.failureMessage).toBe('');
    return JSON.parse(res.decisionOutput) as { changeRoute: string; ruleId: string };
  };

  it.each([
    // 15.00 % files; 15.01 % (anything above 15 %, rounded up) needs the EIB's approval
    [1500, true, 'file'],
    [1501, true, 'approve'],
    [0, true, 'file'],
    [1499, true, 'file'],
    [150_000, true, 'approve'],
    // beyond the approved estimate: approval whatever the ratio
    [1500, false, 'approve'],
    [10, false, 'approve'],
  ] as const)(
    '%d basis points, within the estimate %s → %s, as the domain decides',
    async (cumulativeRatio, withinEstimate, route) => {
      const v = { cumulativeRatio, withinEstimate };
      expect(changeRoute(v)).toBe(route);
      await expect(evaluate(v)).resolves.toEqual({ changeRoute: route, ruleId: 'M16' });
    },
  );
});
