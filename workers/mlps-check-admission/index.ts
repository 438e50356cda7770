/**
 * mlps.check-admission — when the year's unified MLPS testing opens (M24.1): the department is
 * admitted unless its standing is a failed or missing CAC check of a rectification; then the
 * system must test itself, and `mlpsNotAdmittedReason` says why (recorded on the project).
 */
import { z } from 'zod';
import { unifiedTestingAdmission } from '../../src/mlps';
import { JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';
import { departmentCode } from '../mlps-start-testing';
import { mlpsYear } from '../mlps-record-rectification';

export const mlpsCheckAdmissionWorker = defineWorker({
  type: JobType.MlpsCheckAdmission,
  title: '审查是否纳入等保统一测评',
  description: '部门上一次等保整改监督检查未通过或未完成的，不纳入本年度统一测评，须自行测评（M24.1）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号（系统）'),
    departmentCode: departmentCode.describe('建设部门（部门编码）'),
    mlpsYear: mlpsYear.describe('测评年度'),
  }),
  outputs: { mlpsAdmitted: '是否纳入统一测评', mlpsNotAdmittedReason: '不纳入统一测评的原因' },
  async handle(input, job, deps: WorkerDeps) {
    const admission = await unifiedTestingAdmission(deps.dataSource, {
      projectCode: input.projectCode,
      departmentCode: input.departmentCode,
      year: input.mlpsYear,
      elementInstanceKey: job.elementInstanceKey,
      now: deps.now(),
    });
    return complete({ mlpsAdmitted: admission.admitted, mlpsNotAdmittedReason: admission.reason });
  },
});
