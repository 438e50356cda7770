/**
 * construction.schedule-serious-delay — M18: computes the instant the construction becomes seriously
 * delayed (the contract end plus 50 % of the contract period, Asia/Shanghai days) and records it as
 * the project's deadline, so the timeline shows it. The timer of the construction process fires on
 * `seriousDelayAt`. A contract period that ends before it starts fails the job naming contractEnd.
 */
import { z } from 'zod';
import { contractPeriodProblem, scheduleSeriousDelay } from '../../src/construction';
import { JobType } from '../../src/shared/bpmn';
import { AppError } from '../../src/shared/errors';
import { calendarDate, projectCode } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const constructionScheduleSeriousDelayWorker = defineWorker({
  type: JobType.ConstructionScheduleSeriousDelay,
  title: '计算严重滞后时点',
  description: '按合同工期计算建设严重滞后时点（合同竣工日期后超过合同工期的50%，M18）并记录为项目期限。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    contractStart: calendarDate.describe('合同开工日期'),
    contractEnd: calendarDate.describe('合同竣工日期'),
  }),
  outputs: { seriousDelayAt: '严重滞后时点（合同竣工后超过合同工期50%）' },
  async handle(input, job, deps: WorkerDeps) {
    const problem = contractPeriodProblem(input.contractStart, input.contractEnd);
    if (problem) throw new AppError('bad-request', `contractEnd: ${problem}`);
    const dueAt = await scheduleSeriousDelay(deps.dataSource, input, job, deps.now());
    return complete({ seriousDelayAt: dueAt.toISOString() });
  },
});
