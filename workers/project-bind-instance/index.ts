/**
 * project.bind-instance — the first step of a project's lifecycle (M14: every project is run on
 * this platform): records the instance key on the project row. A second instance for the same
 * project (should a start message ever be resent) ends through DUPLICATE_LIFECYCLE.
 */
import { z } from 'zod';
import { bindProcessInstance } from '../../src/projects';
import { ErrorCode, JobType } from '../../src/shared/bpmn';
import { projectCode } from '../../src/shared/validation';
import { bpmnError, complete, defineWorker } from '../runtime';
import type { WorkerDeps } from '../deps';

export const projectBindInstanceWorker = defineWorker({
  type: JobType.ProjectBindInstance,
  title: '登记项目流程实例',
  description: '将全生命周期流程实例登记到项目档案；同一项目的重复实例将被结束。',
  variables: z.object({ projectCode: projectCode.describe('项目编号') }),
  outputs: { lifecycleBound: '已登记流程实例' },
  async handle(input, job, deps: WorkerDeps) {
    const result = await bindProcessInstance(
      deps.dataSource,
      input.projectCode,
      job.processInstanceKey,
      deps.now(),
    );
    if (result === 'bound-to-another-instance') {
      return bpmnError(
        ErrorCode.DuplicateLifecycle,
        `project ${input.projectCode} already has a lifecycle instance`,
      );
    }
    // a lifecycle without its project row would be an orphan: fail loudly (incident), never silently
    if (result === 'no-such-project') throw new Error(`no project ${input.projectCode} in the registry`);
    return complete({ lifecycleBound: true });
  },
});
