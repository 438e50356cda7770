/**
 * project.set-stage — records the stage the lifecycle has reached on the project (registry `stage`,
 * `plan_year`) with an audit entry in its timeline; the session processes find their projects by
 * stage. The stage comes from the task header `stage`; a refusal, a revision, a withdrawal or an
 * exclusion needs `stageReason`, and the department is notified of it with the reason. A
 * redelivered job records and notifies nothing twice.
 */
import { z } from 'zod';
import { createNotifier, projectDecisionEvent } from '../../src/notifications';
import { ProjectStage, setProjectStage } from '../../src/projects';
import { JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { complete, defineWorker, headerOneOf } from '../runtime';
import type { WorkerDeps } from '../deps';

const stages = Object.values(ProjectStage);

export const projectSetStageWorker = defineWorker({
  type: JobType.ProjectSetStage,
  title: '记录项目阶段',
  description: '将项目所处阶段（及计划年度、原因）记录到项目档案和审计日志。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    stageReason: z.string().nullish().describe('原因（不予受理、修改、撤回、未纳入计划时必填）'),
    planYear: z.number().int().min(2000).max(2100).nullish().describe('计划年度'),
    proposalRound: z.number().int().min(1).nullish().describe('申报轮次'),
  }),
  outputs: { projectStage: '项目阶段' },
  headers: { stage: '阶段（如 awaiting-pre-review）', rule: '依据条款' },
  async handle(input, job, deps: WorkerDeps) {
    const stage = headerOneOf(job, 'stage', stages);
    const project = await setProjectStage(deps.dataSource, input.projectCode, {
      stage: stage,
      reason: input.stageReason ?? null,
      rule: job.headers.rule ?? null,
      planYear: stage === ProjectStage.AwaitingAnnualPlan ? (input.planYear ?? null) : null,
      round: input.proposalRound ?? null,
      elementInstanceKey: job.elementInstanceKey,
      now: deps.now(),
    });
    const event = projectDecisionEvent(project, stage, input.stageReason ?? null, job.elementInstanceKey);
    if (event) await createNotifier({ dataSource: deps.dataSource, log: job.log }).notify(event);
    return complete({ projectStage: project.stage });
  },
});
