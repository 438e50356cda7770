/**
 * procurement.record-tender-results — validates the tender results the department entered (M12)
 * and records them in the registry once per task execution: the designer, contractor and supervisor
 * with their roles on the project, and the construction contract. Refused (BPMN error
 * TENDER_RESULTS_REFUSED, every problem in Chinese in `tenderProblems`, nothing written): a unit on
 * the dishonest-entity list (M22.2), a contractor without a supervisor or the reverse (M13), a bad
 * credit code, amount or contract period. Answers what the registry then holds: the supervisor on
 * record (M13: no construction without one) and the contract.
 */
import { z } from 'zod';
import { JobType, ErrorCode } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { recordTenderResults } from '../../src/units';
import { bpmnError, complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

/** A form field: empty or blank is "not entered". */
const entry = (label: string) =>
  z
    .string()
    .max(2000)
    .nullish()
    .transform((v) => (v?.trim() ? v.trim() : null))
    .describe(label);

export const procurementRecordTenderResultsWorker = defineWorker({
  type: JobType.ProcurementRecordTenderResults,
  title: '登记招标结果',
  description:
    '校验并登记设计、施工、监理单位招标结果及施工合同（M12）：失信单位不得选用（M22.2），施工单位与监理单位须同时确定（M13）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    departmentCode: z.string().min(1).max(32).describe('建设单位（部门编码）'),
    designerName: entry('设计单位名称'),
    designerCreditCode: entry('设计单位统一社会信用代码'),
    contractorName: entry('施工单位名称'),
    contractorCreditCode: entry('施工单位统一社会信用代码'),
    supervisorName: entry('监理单位名称'),
    supervisorCreditCode: entry('监理单位统一社会信用代码'),
    tenderReference: entry('招标（合同）编号'),
    contractAmount: entry('合同金额（元）'),
    contractStart: entry('合同开工日期'),
    contractEnd: entry('合同竣工日期'),
  }),
  outputs: {
    tenderProblems: '不予登记的原因（登记成功时为空）',
    supervisorOnRecord: '登记在册的监理单位统一社会信用代码（无则为空）',
    tenderReference: '招标（合同）编号',
    contractAmount: '合同金额（元）',
    contractStart: '合同开工日期',
    contractEnd: '合同竣工日期',
  },
  async handle(input, job, deps: WorkerDeps) {
    const unit = (name: string | null, creditCode: string | null) => ({
      ...(name ? { name } : {}),
      ...(creditCode ? { creditCode: creditCode.toUpperCase() } : {}),
    });
    const outcome = await recordTenderResults(
      deps.dataSource,
      {
        projectCode: input.projectCode,
        designer: unit(input.designerName, input.designerCreditCode),
        contractor: unit(input.contractorName, input.contractorCreditCode),
        supervisor: unit(input.supervisorName, input.supervisorCreditCode),
        tenderReference: input.tenderReference,
        contractAmount: input.contractAmount,
        contractStart: input.contractStart,
        contractEnd: input.contractEnd,
      },
      job.elementInstanceKey,
      `tasklist:${input.departmentCode}`,
      deps.now(),
    );
    if (outcome.refused) {
      const text = outcome.problems.map((p, i) => `${i + 1}. ${p}`).join('\n');
      return bpmnError(ErrorCode.TenderResultsRefused, text, { tenderProblems: text });
    }
    return complete({
      tenderProblems: null,
      supervisorOnRecord: outcome.supervisorCreditCode,
      tenderReference: outcome.tender.tenderReference,
      contractAmount: outcome.tender.contractAmount,
      contractStart: outcome.tender.contractStart,
      contractEnd: outcome.tender.contractEnd,
    });
  },
});
