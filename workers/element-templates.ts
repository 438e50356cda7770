/**
 * Camunda 8 element templates for every registered worker, generated from the worker's own
 * definition (job type, Chinese labels of its inputs, outputs and headers), so a process owner who
 * picks "计算工作日期限" in a modeler gets exactly the job type and variables the code implements.
 * `npm run templates` writes them to workflows/element-templates/; a unit test fails when the
 * committed files differ from what the workers define.
 */
import type { z } from 'zod';
import type { WorkerDefinition } from './runtime';

const SCHEMA = 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';

/** What a template is made of: the declaration, not the handler (whose dependencies differ per worker). */
type Declaration = Pick<
  WorkerDefinition,
  'type' | 'title' | 'description' | 'variables' | 'outputs' | 'headers'
>;

export function elementTemplate(def: Declaration) {
  const inputs = Object.entries(def.variables.shape).map(([name, schema]) => {
    const field = schema as z.ZodType;
    return {
      id: `input-${name}`,
      label: field.description ?? name,
      group: 'inputs',
      type: 'String',
      feel: 'required',
      binding: { type: 'zeebe:input', name },
      ...(field.safeParse(undefined).success ? { optional: true } : { constraints: { notEmpty: true } }),
    };
  });
  const outputs = Object.entries(def.outputs).map(([name, label]) => ({
    id: `output-${name}`,
    label: `${label}（存入变量）`,
    group: 'outputs',
    type: 'String',
    binding: { type: 'zeebe:output', source: `=${name}` },
    optional: true,
  }));
  const headers = Object.entries(def.headers ?? {}).map(([key, header]) => ({
    id: `header-${key}`,
    label: typeof header === 'string' ? header : header.label,
    group: 'headers',
    type: 'String',
    binding: { type: 'zeebe:taskHeader', key },
    ...(typeof header === 'string' ? { constraints: { notEmpty: true } } : { optional: true }),
  }));
  return {
    $schema: SCHEMA,
    name: def.title,
    id: `egov.${def.type}`,
    version: 1,
    description: def.description,
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [
      { id: 'inputs', label: '输入' },
      { id: 'outputs', label: '输出' },
      ...(headers.length ? [{ id: 'headers', label: '任务头' }] : []),
    ],
    properties: [
      { type: 'Hidden', value: def.type, binding: { type: 'zeebe:taskDefinition', property: 'type' } },
      {
        label: '重试次数',
        type: 'String',
        value: '3',
        binding: { type: 'zeebe:taskDefinition', property: 'retries' },
      },
      ...inputs,
      ...outputs,
      ...headers,
    ],
  };
}

export const templateFileName = (type: string) => `${type}.json`;

/** File of the user-task template (no worker: Tasklist's officers do the work). */
export const USER_TASK_TEMPLATE_FILE = 'user-task.json';

/**
 * The element template of an officer's task: a Camunda user task (`zeebe:userTask`, not
 * job-based) with a linked form deployed beside the process, a candidate group (the agency's or
 * department's code), a due date from deadline.compute where the rule it names sets one, and that
 * rule — what egov/user-task-form-and-group checks.
 */
export function userTaskTemplate() {
  return {
    $schema: SCHEMA,
    name: '审批办理任务（Tasklist）',
    id: 'egov.user-task',
    version: 1,
    description: '由机构或部门的办事人员在 Tasklist 中办理的任务：关联表单、候选组、办理期限和依据条款。',
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:UserTask' },
    groups: [
      { id: 'assignment', label: '办理' },
      { id: 'schedule', label: '期限' },
    ],
    properties: [
      { type: 'Hidden', binding: { type: 'zeebe:userTask' } },
      {
        id: 'formId',
        label: '表单 ID（与流程一同部署的 .form 文件）',
        group: 'assignment',
        type: 'String',
        binding: { type: 'zeebe:formDefinition', property: 'formId' },
        constraints: { notEmpty: true },
      },
      {
        id: 'candidateGroups',
        label: '候选组（机构或部门代码，如 eib、cac 或 =departmentCode）',
        group: 'assignment',
        type: 'String',
        feel: 'optional',
        binding: { type: 'zeebe:assignmentDefinition', property: 'candidateGroups' },
        constraints: { notEmpty: true },
      },
      {
        id: 'rule',
        label: '依据条款（如 M11.1）',
        group: 'schedule',
        type: 'String',
        optional: true,
        binding: { type: 'zeebe:property', name: 'rule' },
        constraints: { pattern: { value: '^[MT]\\d+(\\.\\d+)?$', message: '条款编号形如 M11.1 或 T22' } },
      },
      {
        id: 'dueDate',
        label: '办理期限（deadline.compute 计算的届满时间，如 =reviewDueAt）',
        description: '依据条款设有期限时必填（工作日由日历计算，不要填写固定日期）。',
        group: 'schedule',
        type: 'String',
        feel: 'required',
        optional: true,
        binding: { type: 'zeebe:taskSchedule', property: 'dueDate' },
      },
    ],
  };
}
