import type { DataSource } from 'typeorm';
import { shanghaiTime } from '../../src/calendar/domain/local-date';
import { ProjectStage } from '../../src/projects';
import { camundaMessaging, PLAN_YEAR_MOVED, sessionHistory, SessionKind } from '../../src/sessions';
import { deployStandIn, placeProject, receivedAnswers, startStandIn } from '../../src/sessions/testing';
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

  /** Runs the worker on one job (at `now`) and returns the one broker call it made. */
  const publish = (variables: Record<string, unknown>, now?: Date) =>
    runOnce(
      sessionPublishDecisionWorker,
      variables,
      {
        ...workerDeps(ds, now && (() => now)),
        messaging: camundaMessaging(camunda.zeebe, camunda.addresses.rest),
      },
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

  it('carries a pass over to the next plan when the plan of its plan year has opened (M7.4), with the reason in its timeline and a notice to its department', async () => {
    // given a project submitted by 31 August 2090 (plan year 2091), failed in September, resubmitted
    // and batched by the October session, its lifecycle waiting for the answer
    const code = uniqueProjectCode();
    await placeProject(ds, {
      code,
      stage: ProjectStage.AwaitingPreReview,
      submittedAt: new Date('2090-08-20T02:00:00Z'),
    });
    await ds.query(
      `INSERT INTO session_item (session_kind, session_period, session_instance_key, project_code, round, batched_at)
       VALUES ('monthly-pre-review', '2090-10', 2251799813000002, ?, 2, ?)`,
      [code, shanghaiTime('2090-10-26', 9)],
    );
    await deployStandIn(camunda);
    await startStandIn(camunda, code, 'pre-review');
    // when it passes on 26 October 2090, after the plan of 2091 opened in September 2090
    const passed = {
      sessionKind: SessionKind.MonthlyPreReview,
      projectCode: code,
      sessionRound: 2,
      decisionPassed: true,
      decisionReasons: null,
      planYear: 2091,
    };
    const call = await publish(passed, shanghaiTime('2090-10-26', 16));
    // then its lifecycle learns the plan year after, 2092
    expect(call).toMatchObject({ action: 'complete', arg: { decisionDelivered: 'answered' } });
    const answers = await receivedAnswers(camunda, [code]);
    expect(answers.get(code)).toMatchObject({ preReviewPassed: true, planYear: 2092, preReviewRound: 2 });
    expect((await sessionHistory(ds, code))[0]).toMatchObject({ outcome: 'passed', planYear: 2092 });
    // and its timeline records the move under M7.4 with the reason in Chinese
    const audit = (await ds.query(
      `SELECT before_state AS beforeState, after_state AS afterState FROM audit_log
       WHERE entity_type = 'project' AND entity_id = ? AND action = ?`,
      [code, PLAN_YEAR_MOVED],
    )) as { beforeState: unknown; afterState: unknown }[];
    const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
    expect(audit.map((a) => [json(a.beforeState), json(a.afterState)])).toEqual([
      [
        { planYear: 2091 },
        {
          planYear: 2092,
          rule: 'M7.4',
          round: 2,
          reason: expect.stringMatching(
            /^项目预审通过时，2091年度政务信息化项目计划已于2090-09-\d\d开始研究，无法纳入；按第七条循环列入2092年度计划。$/,
          ),
        },
      ],
    ]);
    // and its department is told, once (a redelivered job sends nothing again)
    expect(await publish(passed, shanghaiTime('2090-10-26', 17))).toMatchObject({
      action: 'complete',
      arg: { decisionDelivered: 'already-answered' },
    });
    const notices = (await ds.query(
      `SELECT task_name AS name, candidate_groups AS groups FROM notification
       WHERE kind = 'project-decision' AND project_code = ?`,
      [code],
    )) as { name: string; groups: string }[];
    expect(notices).toEqual([
      { name: expect.stringMatching(/^项目计划年度顺延至2092年度：.*原因：项目预审通过时/), groups: 'psb' },
    ]);
  }, 120_000);
});
