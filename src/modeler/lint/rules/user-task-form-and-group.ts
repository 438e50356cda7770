/**
 * egov/user-task-form-and-group: every user task is a Camunda user task (`zeebe:userTask`, not the
 * deprecated job-based kind) with a linked form (`zeebe:formDefinition formId`, deployed with the
 * process) and a candidate group, so Tasklist shows it to the right officers with its form; and a
 * task that names a rule setting a deadline has a due date (`zeebe:taskSchedule dueDate`), so
 * officers see when it is due.
 */
import { is } from 'bpmnlint-utils';
import { extension, type RuleFactory } from './extension';
import { ruleReferences } from './rule-id-exists';

const filled = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/** A time limit in a rule's Chinese text: "5个工作日内", "六个月内", "2个月内", "自…之日起". */
const TIME_LIMIT = /([0-9]+|[一二两三四五六七八九十]+)\s*个?(工作日|日|天|月|年)(内|以内|之内)|之日起/;

/** The rules whose text sets a time limit: a user task enforcing one needs a due date. */
export function rulesWithDeadline(rules: readonly { id: string; zh: string }[]): string[] {
  return rules.filter((r) => TIME_LIMIT.test(r.zh)).map((r) => r.id);
}

export const userTaskFormAndGroup: RuleFactory<{ deadlineRuleIds?: string[] } | undefined> = (config) => {
  const deadlineRules = new Set(config?.deadlineRuleIds ?? []);
  return {
    check(node, reporter) {
      if (!is(node, 'bpmn:UserTask') || !node.id) return;
      const camundaUserTask = extension(node, 'zeebe:UserTask') !== undefined;
      if (!camundaUserTask) {
        reporter.report(node.id, 'User task is job-based: make it a Camunda user task (zeebe:userTask)', [
          'userTask',
        ]);
      }
      const form = extension(node, 'zeebe:FormDefinition');
      if (!form || !(filled(form.formKey) || filled(form.formId) || filled(form.externalReference))) {
        reporter.report(node.id, 'User task has no form', ['formDefinition']);
      } else if (camundaUserTask && !filled(form.formId) && !filled(form.externalReference)) {
        // an embedded form key is for job-based tasks; a Camunda user task links a deployed form
        reporter.report(node.id, 'User task has no linked form: set the form id of a deployed form', [
          'formDefinition',
          'formId',
        ]);
      }
      const assignment = extension(node, 'zeebe:AssignmentDefinition');
      if (!filled(assignment?.candidateGroups)) {
        reporter.report(node.id, 'User task has no candidate group', ['candidateGroups']);
      }
      const withDeadline = ruleReferences(node).filter((r) => deadlineRules.has(r));
      if (withDeadline.length > 0 && !filled(extension(node, 'zeebe:TaskSchedule')?.dueDate)) {
        reporter.report(
          node.id,
          `User task enforces <${withDeadline.join(', ')}>, which sets a deadline, but has no due date`,
          ['taskSchedule', 'dueDate'],
        );
      }
    },
  };
};
