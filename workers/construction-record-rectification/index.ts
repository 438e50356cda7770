/**
 * construction.record-rectification — M18, one step per task header `step`, each recorded once per
 * task execution with an audit entry (rule M18) on the project's timeline:
 * - `reported`: a serious delay (`m18Trigger` serious-delay) or a major investment loss
 *   (investment-loss) is reported to the approval department (eib);
 * - `ordered`: the EIB's rectification order and its deadline (a date after today; the end of that
 *   day is `rectificationDueAt`, recorded as a deadline). A past or bad date is refused
 *   (CONSTRUCTION_RECORD_REFUSED, `rectificationProblems`) and the order task reopens;
 * - `report-submitted`: the department's rectification report;
 * - `assessed`: the EIB's judgement whether it was rectified;
 * - `sanctioned`: the EIB's sanction with its reason: circulated criticism, suspended investment
 *   plan, suspended construction or termination.
 * A variable the step needs that is missing fails the job naming it.
 */
import { z } from 'zod';
import {
  SANCTIONS,
  SERIOUS_DELAY_RULE,
  rectificationDueProblem,
  recordConstructionStep,
} from '../../src/construction';
import type { ConstructionRecordKind } from '../../src/construction';
import { endOfShanghaiDay } from '../../src/calendar/domain/local-date';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { AppError } from '../../src/shared/errors';
import { projectCode } from '../../src/shared/validation';
import { bpmnError, complete, defineWorker, headerOneOf } from '../runtime';
import type { WorkerDeps } from '../deps';

const STEPS = ['reported', 'ordered', 'report-submitted', 'assessed', 'sanctioned'] as const;
const KIND: Record<(typeof STEPS)[number], ConstructionRecordKind> = {
  reported: 'm18-reported',
  ordered: 'rectification-ordered',
  'report-submitted': 'rectification-reported',
  assessed: 'rectification-assessed',
  sanctioned: 'sanction-decided',
};
const sanctions = Object.keys(SANCTIONS) as [keyof typeof SANCTIONS, ...(keyof typeof SANCTIONS)[]];

/** The variable `name`, which the step needs. */
function needed<T>(value: T | null | undefined, name: string): T {
  if (value === null || value === undefined || (typeof value === 'string' && !value.trim()))
    throw new AppError('bad-request', `${name}: required for this step`);
  return value;
}

export const constructionRecordRectificationWorker = defineWorker({
  type: JobType.ConstructionRecordRectification,
  title: '记录整改程序',
  description:
    '记录建设严重滞后或重大投资损失的整改程序（M18）：报告审批部门、整改通知及期限、整改报告、整改评估、处理决定（通报批评、暂停投资计划、暂停建设、终止项目）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    departmentCode: z.string().min(1).max(32).describe('建设单位（部门编码）'),
    m18Trigger: z
      .enum(['serious-delay', 'investment-loss'])
      .nullish()
      .describe('触发原因（严重滞后或重大投资损失）'),
    seriousDelayAt: z.string().nullish().describe('严重滞后时点'),
    rectificationOrder: z.string().max(4000).nullish().describe('整改要求'),
    rectificationDueDate: z.string().nullish().describe('整改期限（日期）'),
    rectificationReport: z.string().max(4000).nullish().describe('整改报告'),
    rectified: z.boolean().nullish().describe('是否整改到位'),
    rectificationAssessment: z.string().max(4000).nullish().describe('整改评估意见'),
    rectificationOverdue: z.boolean().nullish().describe('是否逾期未整改'),
    sanction: z.enum(sanctions).nullish().describe('处理决定'),
    sanctionReason: z.string().max(4000).nullish().describe('处理理由'),
  }),
  outputs: {
    rectificationDueAt: '整改期限届满时间（整改通知后）',
    rectificationProblems: '整改通知不予登记的原因（登记成功时为空）',
    sanction: '处理决定',
  },
  headers: { step: '整改程序步骤（reported、ordered、report-submitted、assessed、sanctioned）' },
  async handle(input, job, deps: WorkerDeps) {
    const step = headerOneOf(job, 'step', STEPS);
    const now = deps.now();
    const record = (reason: string, details: Record<string, unknown>, actor: string, deadline?: Date) =>
      recordConstructionStep(
        deps.dataSource,
        {
          projectCode: input.projectCode,
          kind: KIND[step],
          rule: SERIOUS_DELAY_RULE,
          reason,
          details,
          ...(deadline
            ? { deadline: { startAt: now, dueAt: deadline, rule: { rectificationOrder: true } } }
            : {}),
        },
        job,
        actor,
        now,
      );
    switch (step) {
      case 'reported': {
        const trigger = needed(input.m18Trigger, 'm18Trigger');
        const reason =
          trigger === 'serious-delay'
            ? `建设严重滞后：已超出合同工期50%（严重滞后时点 ${input.seriousDelayAt ?? ''}），报告审批部门`
            : '进度报告反映重大投资损失，报告审批部门';
        await record(reason, { trigger, seriousDelayAt: input.seriousDelayAt ?? null }, 'process');
        return complete({});
      }
      case 'ordered': {
        const order = needed(input.rectificationOrder, 'rectificationOrder').trim();
        const dueDate = needed(input.rectificationDueDate, 'rectificationDueDate').slice(0, 10);
        const problem = rectificationDueProblem(dueDate, now);
        if (problem)
          return bpmnError(ErrorCode.ConstructionRecordRefused, problem, { rectificationProblems: problem });
        const dueAt = endOfShanghaiDay(dueDate);
        await record(`整改通知：${order}（整改期限 ${dueDate}）`, { order, dueDate }, 'eib', dueAt);
        return complete({ rectificationDueAt: dueAt.toISOString(), rectificationProblems: null });
      }
      case 'report-submitted': {
        const report = needed(input.rectificationReport, 'rectificationReport').trim();
        await record(`整改报告：${report}`, { report }, `tasklist:${input.departmentCode}`);
        return complete({});
      }
      case 'assessed': {
        const rectified = needed(input.rectified, 'rectified');
        const opinion = needed(input.rectificationAssessment, 'rectificationAssessment').trim();
        await record(`${rectified ? '整改到位' : '未整改到位'}：${opinion}`, { rectified, opinion }, 'eib');
        return complete({});
      }
      case 'sanctioned': {
        const sanction = needed(input.sanction, 'sanction');
        const reason = needed(input.sanctionReason, 'sanctionReason').trim();
        await record(
          `${SANCTIONS[sanction]}：${reason}`,
          { sanction, rectificationOverdue: input.rectificationOverdue === true },
          'eib',
        );
        return complete({ sanction });
      }
    }
  },
});
