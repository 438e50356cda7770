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
  const headers = Object.entries(def.headers ?? {}).map(([key, label]) => ({
    id: `header-${key}`,
    label,
    group: 'headers',
    type: 'String',
    binding: { type: 'zeebe:taskHeader', key },
    constraints: { notEmpty: true },
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
