/**
 * session.batch-projects — the projects a session decides on, as they wait at the moment it opens:
 * the monthly pre-review (M7.3) every project at stage `awaiting-pre-review`; the annual plan
 * (M7.1) of year Y every project at `awaiting-annual-plan` with plan year Y+1. Recorded per
 * session instance, so a retried job returns the same batch; a project waits in one session at a time.
 */
import { z } from 'zod';
import { JobType } from '../../src/shared/bpmn';
import { batchProjects, SessionKind, sessionKinds } from '../../src/sessions';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';
import { periodSchema } from '../session-next';

export const sessionBatchProjectsWorker = defineWorker({
  type: JobType.SessionBatchProjects,
  title: '汇总待审项目',
  description:
    '会议开始时汇总所有等待本次会议的项目（月度预审：等待预审的项目；年度计划：下一年度计划的已通过项目）。',
  variables: z.object({
    sessionKind: z.enum(sessionKinds).describe('会议类型'),
    sessionPeriod: periodSchema.describe('会议所属期间'),
  }),
  outputs: {
    sessionProjects: '待审项目列表',
    sessionProjectCount: '项目数',
    sessionProjectsText: '项目概况（供表单显示）',
    sessionBudgetTotal: '估算投资合计（元）',
    planYear: '计划年度（年度计划）',
  },
  async handle(input, job, deps: WorkerDeps) {
    const planYear =
      input.sessionKind === SessionKind.AnnualPlan ? Number(input.sessionPeriod) + 1 : undefined;
    const projects = await batchProjects(deps.dataSource, {
      kind: input.sessionKind,
      period: input.sessionPeriod,
      sessionInstanceKey: job.processInstanceKey,
      planYear,
      now: deps.now(),
    });
    // exact yuan: sum in fen as integers
    const fen = projects.reduce((sum, p) => sum + BigInt(Math.round(Number(p.budgetEstimate) * 100)), 0n);
    const total = `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
    return complete({
      sessionProjects: projects,
      sessionProjectCount: projects.length,
      sessionProjectsText: projects.map((p) => p.facts).join('\n\n') || '（无）',
      sessionBudgetTotal: total,
      ...(planYear !== undefined ? { planYear } : {}),
    });
  },
});
