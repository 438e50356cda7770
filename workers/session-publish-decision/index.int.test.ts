import type { DataSource } from 'typeorm';
import { ProjectStage } from '../../src/projects';
import { camundaMessaging, SessionKind } from '../../src/sessions';
import { placeProject } from '../../src/sessions/testing';
import { openDataSource, testCamunda, uniqueProjectCode, workerDeps } from '../../src/shared/testing';
import { runOnce } from '../runtime/testing';
import { sessionPublishDecisionWorker } from '.';

describe('session.publish-decision', () => {
  const camunda = testCamunda();
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDataSource();
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });

  /** Runs the worker on one job and returns the one broker call it made. */
  const publish = (variables: Record<string, unknown>) =>
    runOnce(
      sessionPublishDecisionWorker,
      variables,
      { ...workerDeps(ds), messaging: camundaMessaging(camunda.zeebe, camunda.addresses.rest) },
      { bpmnProcessId: 'monthly-pre-review', elementId: 'publish-pre-review-decision', retries: 5 },
    );
  const failed = {
    sessionKind: SessionKind.MonthlyPreReview,
    sessionRound: 1,
    decisionPassed: false,
    planYear: null,
  };

  it('refuses at once a failed pre-review without reasons, naming the variable', async () => {
    const call = await publish({ ...failed, projectCode: uniqueProjectCode(), decisionReasons: '  ' });
    expect(call).toMatchObject({ action: 'fail', arg: { retries: 0 } });
    expect(call.arg.errorMessage).toMatch(/preReviewReasons is required/);
  });

  it('refuses at once a decision for a project no session batched (an unknown project code)', async () => {
    const call = await publish({ ...failed, projectCode: 'LS-2099-9999', decisionReasons: '理由' });
    expect(call).toMatchObject({ action: 'fail', arg: { retries: 0 } });
    expect(call.arg.errorMessage).toMatch(/LS-2099-9999 round 1 was not batched/);
  });

  it('fails with retries (then an incident) when no lifecycle waits for the message: the answer never vanishes', async () => {
    // given a batched project whose lifecycle is not waiting for pre-review-decided
    const code = uniqueProjectCode();
    await placeProject(ds, { code, stage: ProjectStage.AwaitingPreReview, submittedAt: new Date() });
    await ds.query(
      `INSERT INTO session_item (session_kind, session_period, session_instance_key, project_code, round, batched_at)
       VALUES ('monthly-pre-review', '2099-01', 2251799813000001, ?, 1, NOW(3))`,
      [code],
    );
    const call = await publish({ ...failed, projectCode: code, decisionReasons: '理由' });
    expect(call).toMatchObject({ action: 'fail', arg: { retries: 4 } });
    expect(call.arg.errorMessage).toMatch(
      new RegExp(`no lifecycle of project ${code} is waiting for pre-review-decided`),
    );
  });
});
