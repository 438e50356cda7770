/**
 * mlps.record-test — records the year's MLPS test result of a system (header `kind`): the
 * builder's first test (M24.2, the year of its report date), the unified test or the department's
 * own test when it was not admitted to unified testing (M24.1, the year `mlpsYear`). The builder's
 * year is due when the first unified testing opens (`mlpsYearDueAt`). A report dated
 * after today, or outside the testing year, is refused (MLPS_RESULT_REFUSED) with the Chinese
 * reason in `mlpsProblems`, and the task reopens with it.
 */
import { z } from 'zod';
import { recordTestResult, unifiedTestingOf, type MlpsTestKind } from '../../src/mlps';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { isAppError } from '../../src/shared/errors';
import { calendarDate, projectCode, visibleText } from '../../src/shared/validation';
import { bpmnError, complete, defineWorker, headerOneOf } from '../runtime';
import type { WorkerDeps } from '../deps';
import { departmentCode } from '../mlps-start-testing';

const kinds: readonly MlpsTestKind[] = ['builder', 'unified', 'self'];

export const mlpsRecordTestWorker = defineWorker({
  type: JobType.MlpsRecordTest,
  title: '登记等保测评结果',
  description:
    '登记系统本年度网络安全等级保护测评结果（建设单位首次测评 M24.2；统一测评或部门自行测评 M24.1）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号（系统）'),
    departmentCode: departmentCode.describe('建设部门（部门编码）'),
    projectTitle: visibleText({ max: 200 }).describe('项目名称（系统名称）'),
    mlpsYear: z.number().int().min(2000).max(2100).nullish().describe('测评年度（统一测评、自行测评）'),
    mlpsLevel: z.enum(['2', '3']).describe('等级（2 = 二级，3 = 三级）'),
    mlpsTestResult: z.enum(['passed', 'failed']).describe('测评结论（passed 通过，failed 未通过）'),
    mlpsTester: visibleText({ min: 2, max: 200 }).describe('测评机构'),
    mlpsReportDate: calendarDate.describe('测评报告日期'),
    mlpsNotAdmittedReason: z.string().max(500).nullish().describe('未纳入统一测评的原因'),
  }),
  outputs: {
    mlpsYear: '测评年度',
    mlpsTestPassed: '测评是否通过',
    mlpsFirstReportDate: '首次测评报告日期（建设单位测评）',
    mlpsYearDueAt: '首个测评年度的整改期限（首次统一测评开始前，建设单位测评）',
    mlpsProblems: '不予登记的原因',
  },
  headers: { kind: '测评类型（builder 建设单位首次测评、unified 统一测评、self 自行测评）' },
  async handle(input, job, deps: WorkerDeps) {
    const kind = headerOneOf(job, 'kind', kinds);
    try {
      const record = await recordTestResult(deps.dataSource, {
        projectCode: input.projectCode,
        departmentCode: input.departmentCode,
        systemTitle: input.projectTitle,
        kind,
        year: input.mlpsYear ?? null,
        level: input.mlpsLevel === '3' ? 3 : 2,
        testPassed: input.mlpsTestResult === 'passed',
        tester: input.mlpsTester,
        reportDate: input.mlpsReportDate,
        notAdmittedReason: kind === 'self' ? (input.mlpsNotAdmittedReason ?? null) : null,
        processInstanceKey: job.processInstanceKey,
        now: deps.now(),
      });
      return complete({
        mlpsYear: record.year,
        mlpsTestPassed: record.testPassed,
        // the builder's year ends when the first unified testing opens: its rectification is due then
        ...(kind === 'builder'
          ? {
              mlpsFirstReportDate: record.reportDate,
              mlpsYearDueAt: unifiedTestingOf(
                await deps.calendar.calendarInForce(),
                record.reportDate,
                record.year + 1,
              ).at.toISOString(),
            }
          : {}),
        mlpsProblems: null,
      });
    } catch (e) {
      if (isAppError(e) && e.kind === 'bad-request')
        return bpmnError(ErrorCode.MlpsResultRefused, e.message, { mlpsProblems: e.message });
      throw e;
    }
  },
});
