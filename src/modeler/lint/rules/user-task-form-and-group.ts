/** egov/user-task-form-and-group: every user task has a form and a candidate group, so Tasklist can show it to the right officers. */
import { is } from 'bpmnlint-utils';
import { extension, type RuleFactory } from './extension';

const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';

export const userTaskFormAndGroup: RuleFactory<unknown> = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:UserTask') || !node.id) return;
    const form = extension(node, 'zeebe:FormDefinition');
    if (!form || !(filled(form.formKey) || filled(form.formId) || filled(form.externalReference))) {
      reporter.report(node.id, 'User task has no form', ['formDefinition']);
    }
    const assignment = extension(node, 'zeebe:AssignmentDefinition');
    if (!filled(assignment?.candidateGroups)) {
      reporter.report(node.id, 'User task has no candidate group', ['candidateGroups']);
    }
  },
});
