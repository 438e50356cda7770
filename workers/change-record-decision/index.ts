/**
 * change.record-decision — M16: records the EIB's approval or rejection of a change request on its
 * row, with the reason and an audit entry (once: a redelivered job finds it decided). A rejected
 * change no longer counts towards the cumulative adjustment.
 */
import { z } from 'zod';
import { recordChangeDecision } from '../../src/changes';
import { JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const changeRecordDecisionWorker = defineWorker({
  type: JobType.ChangeRecordDecision,
  title: '记录变更审批结论',
  description: '记录经信局对建设内容变更的审批结论（批准或不予批准）及理由（M16）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    changeId: z
      .string()
      .regex(/^\d{1,19}$/, 'a change request id')
      .describe('变更申请编号'),
    changeApproved: z.boolean().describe('是否批准'),
    changeDecisionReason: z.string().trim().min(2, 'state the reason').max(2000).describe('审批意见'),
  }),
  outputs: { changeState: '变更状态' },
  async handle(input, _job, deps: WorkerDeps) {
    const change = await recordChangeDecision(
      deps.dataSource,
      {
        changeId: input.changeId,
        projectCode: input.projectCode,
        decision: input.changeApproved ? 'approved' : 'rejected',
        decidedBy: 'eib',
        reason: input.changeDecisionReason,
      },
      deps.now(),
    );
    return complete({ changeState: change.state });
  },
});
