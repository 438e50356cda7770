/**
 * om-funding.record-decision — records the EIB's O&M funding decision (M27): unified O&M (the EIB
 * funds it centrally) or self-applied, approved or refused after the EIB's review (a refusal needs
 * its reason). Approved funds start on the day the free period ends (M20: no special O&M funds
 * during the free years): `omFundingFrom`. Recorded once, with an audit entry in the timeline.
 */
import { z } from 'zod';
import { recordOmFundingDecision } from '../../src/evaluations';
import { JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const omFundingRecordDecisionWorker = defineWorker({
  type: JobType.OmFundingRecordDecision,
  title: '记录运维经费决定',
  description:
    '记录市经济和信息化局的运维经费决定（M27）：统一运维，或部门自行申报经审核同意/不同意（须说明理由）；经费自免费运维期满之日起（M20）。',
  variables: z
    .object({
      projectCode: projectCode.describe('项目编号'),
      omFundingMode: z.enum(['unified', 'self-applied']).describe('运维方式（统一运维 / 自行申报）'),
      selfApplicationSummary: z.string().max(4000).nullish().describe('部门自行申报的运维经费申请'),
      selfApplicationApproved: z.boolean().nullish().describe('自行申报是否审核同意'),
      omFundingOpinion: z.string().max(4000).nullish().describe('审核意见（不同意时必填理由）'),
    })
    .superRefine((v, ctx) => {
      if (v.omFundingMode !== 'self-applied') return;
      if (!v.selfApplicationSummary?.trim())
        ctx.addIssue({
          code: 'custom',
          path: ['selfApplicationSummary'],
          message: 'selfApplicationSummary is required for a self-applied O&M funding (M27)',
        });
      if (typeof v.selfApplicationApproved !== 'boolean')
        ctx.addIssue({
          code: 'custom',
          path: ['selfApplicationApproved'],
          message: 'selfApplicationApproved is required for a self-applied O&M funding (M27)',
        });
      else if (!v.selfApplicationApproved && !v.omFundingOpinion?.trim())
        ctx.addIssue({
          code: 'custom',
          path: ['omFundingOpinion'],
          message: 'omFundingOpinion (the reason) is required when the application is refused (M27)',
        });
    }),
  outputs: {
    omFundingMode: '运维方式',
    omFundingDecision: '运维经费决定（approved / refused）',
    omFundingFrom: '运维经费起始日（免费运维期满之日）',
    omFundingRefusalReason: '不同意的理由',
  },
  async handle(input, _job, deps: WorkerDeps) {
    const approved = input.omFundingMode === 'unified' || input.selfApplicationApproved === true;
    const row = await recordOmFundingDecision(deps.dataSource, {
      projectCode: input.projectCode,
      mode: input.omFundingMode,
      approved,
      opinion: input.omFundingOpinion?.trim() || null,
      selfApplicationSummary: input.selfApplicationSummary?.trim() || null,
      now: deps.now(),
    });
    return complete({
      omFundingMode: row.mode,
      omFundingDecision: row.decision,
      omFundingFrom: row.fundingFrom,
      omFundingRefusalReason: row.decision === 'refused' ? row.eibOpinion : null,
    });
  },
});
