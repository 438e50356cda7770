/**
 * deadline.record-breach — the task on every deadline timer's path: records which deadline of
 * which rule was missed, so that every breach is traceable to the rule that set it. The task's
 * headers name them: `deadline` (e.g. first-review) and `rule` (e.g. M11.1). With
 * `escalateTo` (a group) the breach is escalated (督办): that group is notified once, through the
 * notifications interface, with `escalationSubject` saying what is late.
 */
import { z } from 'zod';
import { JobType } from '../../src/shared/bpmn';
import { recordBreach } from '../../src/deadlines';
import { createNotifier, deadlineEscalationEvent } from '../../src/notifications';
import { projectCode, ruleId } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

const headers = z.object({
  deadline: z.string().regex(/^[a-z][a-z0-9-]+$/, 'deadline header must be a kebab-case name'),
  rule: ruleId,
});

export const deadlineRecordBreachWorker = defineWorker({
  type: JobType.DeadlineRecordBreach,
  title: '记录期限超时',
  description: '期限届满而对应步骤未完成时，记录超时的期限及其依据条款。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    escalateTo: z.string().min(1).max(64).nullish().describe('督办对象（负责的组，如 eib 或部门编码）'),
    escalationSubject: z.string().max(100).nullish().describe('督办事项（如 初审超过5个工作日）'),
  }),
  outputs: { breachId: '超时记录编号' },
  headers: { deadline: '期限名称（英文短横线命名）', rule: '依据条款（如 M11.1）' },
  async handle(input, job, deps: WorkerDeps) {
    // A BPMN without the headers is a modelling error: thrown, so the job fails and an incident says so.
    const h = headers.parse(job.headers);
    const breach = await recordBreach(
      deps.dataSource,
      {
        projectCode: input.projectCode,
        processInstanceKey: job.processInstanceKey,
        elementInstanceKey: job.elementInstanceKey,
        bpmnProcessId: job.bpmnProcessId,
        deadline: h.deadline,
        rule: h.rule,
      },
      deps.now(),
    );
    job.log.warn({ deadline: h.deadline, rule: h.rule, projectCode: input.projectCode }, 'deadline missed');
    if (input.escalateTo)
      await createNotifier({ dataSource: deps.dataSource, log: job.log }).notify(
        deadlineEscalationEvent({
          id: breach.id,
          projectCode: input.projectCode,
          rule: h.rule,
          subject: input.escalationSubject ?? h.deadline,
          group: input.escalateTo,
        }),
      );
    return complete({ breachId: breach.id });
  },
});
