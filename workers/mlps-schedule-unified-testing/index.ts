/**
 * mlps.schedule-unified-testing — the next year of a system's MLPS testing and when its unified
 * testing opens (M24.1/M24.2): the anniversary of the builder's test report date, on the next
 * working day when it is not one, at 09:00 Asia/Shanghai (`unifiedTestingAt`, the timer's instant).
 * The year's test and any rectification are due when the following year's testing opens (`mlpsYearDueAt`).
 */
import { z } from 'zod';
import { unifiedTestingOf } from '../../src/mlps';
import { JobType } from '../../src/shared/bpmn';
import { calendarDate } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';
import { mlpsYear } from '../mlps-record-rectification';

export const mlpsScheduleUnifiedTestingWorker = defineWorker({
  type: JobType.MlpsScheduleUnifiedTesting,
  title: '确定下一年度等保统一测评时间',
  description:
    '按建设单位首次测评报告日期的周年日（非工作日顺延至下一工作日，9:00）确定下一年度统一测评时间（M24.1）。',
  variables: z.object({
    mlpsYear: mlpsYear.describe('本次测评年度'),
    mlpsFirstReportDate: calendarDate.describe('首次测评报告日期'),
  }),
  outputs: {
    mlpsYear: '下一测评年度',
    unifiedTestingAt: '统一测评开始时间',
    unifiedTestingDate: '统一测评日期',
    mlpsYearDueAt: '本年度测评及整改期限（下一年度统一测评开始前）',
    calendarWarning: '日历提示',
  },
  async handle(input, _job, deps: WorkerDeps) {
    const calendar = await deps.calendar.calendarInForce();
    const next = unifiedTestingOf(calendar, input.mlpsFirstReportDate, input.mlpsYear + 1);
    return complete({
      mlpsYear: next.year,
      unifiedTestingAt: next.at.toISOString(),
      unifiedTestingDate: next.date,
      mlpsYearDueAt: unifiedTestingOf(calendar, input.mlpsFirstReportDate, next.year + 1).at.toISOString(),
      calendarWarning: next.provisional
        ? `统一测评日期 ${next.date} 按暂定日历计算，放假安排公布后可能变化（M24.1）。`
        : null,
    });
  },
});
