/** egov/job-type-implemented: a task's job type must be one a worker of this system implements. */
import { extension, type RuleFactory } from './extension';

export const jobTypeImplemented: RuleFactory<{ jobTypes: string[] }> = ({ jobTypes }) => {
  const known = new Set(jobTypes);
  return {
    check(node, reporter) {
      const type = extension(node, 'zeebe:TaskDefinition')?.type;
      if (typeof type !== 'string' || !node.id) return; // a missing type is camunda-compat's finding
      if (type.startsWith('=')) {
        reporter.report(node.id, `Job type is an expression <${type}>: no worker can be checked`, ['type']);
      } else if (!known.has(type)) {
        reporter.report(node.id, `Job type <${type}> is not implemented by any worker`, ['type']);
      }
    },
  };
};
