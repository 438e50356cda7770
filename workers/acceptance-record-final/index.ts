/**
 * acceptance.record-final — after the EIB and the Archives Bureau checked the project, records the
 * final acceptance (M17) when every checklist item is compliant — data sharing (M19), network and
 * data security (M23), cryptography (M25), secure and controllable equipment (M26), the project
 * archive (M19; the Archives Bureau joins by article 4 ¶6) — and the required documents are in the store. Otherwise a BPMN error refuses it
 * with every reason (Chinese, with rule ids) for the department to rectify; nothing is accepted.
 */
import { z } from 'zod';
import { recordFinalAcceptance, type Checklist } from '../../src/acceptance';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { bpmnError, complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

const compliant = (label: string) => z.boolean().nullish().describe(label);
const note = (label: string) => z.string().max(2000).nullish().describe(label);

export const acceptanceRecordFinalWorker = defineWorker({
  type: JobType.AcceptanceRecordFinal,
  title: '核验并记录竣工验收',
  description:
    '核验竣工验收清单（M19 数据共享、M23 网络和数据安全、M25 密码应用、M26 安全自主可控、M19 项目档案）和必备文件（竣工验收报告、安全检测评估报告、密码应用安全性评估报告）；全部符合的记录竣工验收，否则不予通过并列明理由。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    dataSharingCompliant: compliant('数据共享符合要求（M19）'),
    dataSharingNote: note('数据共享说明'),
    networkSecurityCompliant: compliant('网络和数据安全符合要求（M23）'),
    networkSecurityNote: note('网络和数据安全说明'),
    cryptographyCompliant: compliant('密码应用符合要求（M25）'),
    cryptographyNote: note('密码应用说明'),
    secureControllableCompliant: compliant('设备安全自主可控（M26）'),
    secureControllableNote: note('安全自主可控说明'),
    archivesCompliant: compliant('项目档案符合要求（M19，档案局确认）'),
    archivesNote: note('档案说明'),
    acceptanceOpinion: z.string().max(4000).nullish().describe('验收意见'),
  }),
  outputs: {
    finalAcceptedAt: '竣工验收时间',
    finalAcceptanceDate: '竣工验收日期',
    omFreeUntil: '免运维期截止日（验收满3年之日）',
    acceptanceProblems: '验收不予通过的理由（通过时为空）',
  },
  async handle(input, job, deps: WorkerDeps) {
    const item = (compliant: boolean | null | undefined, note: string | null | undefined) => ({
      compliant: compliant ?? null,
      note: note?.trim() || null,
    });
    const checklist: Checklist = {
      dataSharing: item(input.dataSharingCompliant, input.dataSharingNote),
      networkSecurity: item(input.networkSecurityCompliant, input.networkSecurityNote),
      cryptography: item(input.cryptographyCompliant, input.cryptographyNote),
      secureControllable: item(input.secureControllableCompliant, input.secureControllableNote),
      archives: item(input.archivesCompliant, input.archivesNote),
    };
    const result = await recordFinalAcceptance(deps.dataSource, {
      projectCode: input.projectCode,
      checklist,
      opinion: input.acceptanceOpinion?.trim() || null,
      attemptKey: job.elementInstanceKey,
      now: deps.now(),
    });
    if (!result.accepted) {
      const text = result.problems.map((p, i) => `${i + 1}. ${p}`).join('\n');
      return bpmnError(ErrorCode.AcceptanceRefused, text, { acceptanceProblems: text });
    }
    return complete({
      finalAcceptedAt: result.row.finalAcceptedAt!.toISOString(),
      finalAcceptanceDate: result.row.finalAcceptanceDate!,
      omFreeUntil: result.row.omFreeUntil!,
      acceptanceProblems: null,
    });
  },
});
