/**
 * mlps.start-testing — called by the lifecycle after final acceptance (M24.2): starts the system's
 * yearly `mlps-testing` through its start message (`mlps-testing-start`, key projectCode, message id
 * `mlps:<projectCode>`). Idempotent: a second call or a redelivered job starts nothing more and
 * completes with `already-published`.
 */
import { z } from 'zod';
import { startMlpsTesting } from '../../src/mlps';
import { JobType } from '../../src/shared/bpmn';
import { calendarDate, projectCode, visibleText } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import { messagingOf, type WorkerDeps } from '../deps';

export const departmentCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, 'a department code (lowercase letters, digits, -)');

export const mlpsStartTestingWorker = defineWorker({
  type: JobType.MlpsStartTesting,
  title: '启动等保年度测评',
  description: '项目竣工验收后启动该系统的网络安全等级保护年度测评流程（M24.2，每个系统只启动一次）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号（系统）'),
    departmentCode: departmentCode.describe('建设部门（部门编码）'),
    projectTitle: visibleText({ max: 200 }).describe('项目名称（系统名称）'),
    finalAcceptanceDate: calendarDate.describe('竣工验收日期'),
  }),
  outputs: { mlpsTestingStarted: '启动结果（published 或 already-published）' },
  async handle(input, job, deps: WorkerDeps) {
    const started = await startMlpsTesting(messagingOf(deps), input);
    job.log.info({ projectCode: input.projectCode, started }, 'mlps testing started');
    return complete({ mlpsTestingStarted: started });
  },
});
