/**
 * acceptance.record-preliminary — the department recorded the project's preliminary acceptance
 * (M17): its date and summary go into the registry and the project's timeline, and the instant the
 * 6-month application period counts from is answered. A date in the future raises an incident
 * naming the variable. A redelivered job changes nothing.
 */
import { z } from 'zod';
import { recordPreliminaryAcceptance } from '../../src/acceptance';
import { shanghaiTime } from '../../src/calendar/domain/local-date';
import { JobType } from '../../src/shared/bpmn';
import { calendarDate, projectCode, visibleText } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const acceptanceRecordPreliminaryWorker = defineWorker({
  type: JobType.AcceptanceRecordPreliminary,
  title: '记录初步验收',
  description: '记录项目初步验收（M17）的日期和情况；竣工验收申请的6个月期限自初步验收之日起算。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    departmentCode: z.string().min(1).max(32).describe('建设单位'),
    preliminaryAcceptanceDate: calendarDate.describe('初步验收日期'),
    preliminaryAcceptanceSummary: visibleText({ min: 4, max: 2000, multiline: true }).describe(
      '初步验收情况',
    ),
  }),
  outputs: { preliminaryAcceptedAt: '初步验收时间（期限起算）' },
  async handle(input, _job, deps: WorkerDeps) {
    const row = await recordPreliminaryAcceptance(deps.dataSource, {
      projectCode: input.projectCode,
      departmentCode: input.departmentCode,
      acceptedOn: input.preliminaryAcceptanceDate,
      summary: input.preliminaryAcceptanceSummary,
      now: deps.now(),
    });
    // the start of that day in Asia/Shanghai: deadline.compute counts calendar months from its date
    return complete({ preliminaryAcceptedAt: shanghaiTime(row.preliminaryAcceptedOn, 0).toISOString() });
  },
});
