/**
 * change.mark-filed — M16: a change within the approved estimate whose cumulative absolute
 * adjustment stays within 15 % is made by the department and filed: marks the change request filed,
 * with an audit entry (once: a redelivered job finds it filed).
 */
import { z } from 'zod';
import { recordChangeDecision } from '../../src/changes';
import { JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const changeMarkFiledWorker = defineWorker({
  type: JobType.ChangeMarkFiled,
  title: '变更备案',
  description: '累计调整不超过概算15%且未超出概算的建设内容变更，由建设单位调整并备案（M16）。',
  variables: z.object({
    projectCode: projectCode.describe('项目编号'),
    changeId: z
      .string()
      .regex(/^\d{1,19}$/, 'a change request id')
      .describe('变更申请编号'),
  }),
  outputs: { changeState: '变更状态' },
  async handle(input, _job, deps: WorkerDeps) {
    const change = await recordChangeDecision(
      deps.dataSource,
      {
        changeId: input.changeId,
        projectCode: input.projectCode,
        decision: 'filed',
        decidedBy: 'process',
        reason: null,
      },
      deps.now(),
    );
    return complete({ changeState: change.state });
  },
});
