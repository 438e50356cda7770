import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../src/shared/config';
import {
  elementTemplate,
  templateFileName,
  USER_TASK_TEMPLATE_FILE,
  userTaskTemplate,
} from './element-templates';
import { workers } from './registry';

const dir = path.join(paths.workflows, 'element-templates');
type Property = {
  label?: string;
  type: string;
  value?: string;
  binding: { type: string; name?: string; property?: string };
};

describe.each(workers.map((w) => [w.type, w] as const))('element template of %s', (type, worker) => {
  const generated = elementTemplate(worker);

  it('is committed exactly as the worker defines it (run `npm run templates` after changing a worker)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(dir, templateFileName(type)), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(generated)));
  });

  it('fixes the job type and labels every input in Chinese', () => {
    const properties = generated.properties as Property[];
    expect(properties[0]).toMatchObject({
      type: 'Hidden',
      value: type,
      binding: { type: 'zeebe:taskDefinition', property: 'type' },
    });
    const inputs = properties.filter((p) => p.binding.type === 'zeebe:input');
    expect(inputs.map((p) => p.binding.name).sort()).toEqual(Object.keys(worker.variables.shape).sort());
    for (const p of inputs) expect(p.label).toMatch(/[\u4e00-\u9fff]/);
    expect(generated.name).toMatch(/[\u4e00-\u9fff]/);
  });
});

it('requires a task header unless the worker marks it optional (deadline.compute: startsAt = now only where the deadline counts from the task)', () => {
  // given a worker with a required and an optional header
  const [worker] = workers;
  const headers = { step: '步骤', startsAt: { label: '自本任务开始办理时起算', optional: true as const } };

  // when its template is generated
  const properties = elementTemplate({ ...worker!, headers }).properties as Property[];

  // then the required one must be filled in, the optional one may stay empty
  expect(properties.filter((p) => p.binding.type === 'zeebe:taskHeader')).toEqual([
    expect.objectContaining({ label: '步骤', constraints: { notEmpty: true } }),
    expect.objectContaining({ label: '自本任务开始办理时起算', optional: true }),
  ]);
  expect(properties.find((p) => p.label === '自本任务开始办理时起算')).not.toHaveProperty('constraints');
});

describe("element template of an officer's user task", () => {
  const generated = userTaskTemplate();
  const bindings = generated.properties.map((p) => p.binding);

  it('is committed exactly as defined (run `npm run templates` after changing it)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(dir, USER_TASK_TEMPLATE_FILE), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(generated)));
  });

  it('makes a Camunda user task with a linked form, a candidate group, a due date and its rule', () => {
    expect(generated.elementType).toEqual({ value: 'bpmn:UserTask' });
    expect(bindings).toEqual(
      expect.arrayContaining([
        { type: 'zeebe:userTask' },
        { type: 'zeebe:formDefinition', property: 'formId' },
        { type: 'zeebe:assignmentDefinition', property: 'candidateGroups' },
        { type: 'zeebe:taskSchedule', property: 'dueDate' },
        { type: 'zeebe:property', name: 'rule' },
      ]),
    );
    for (const p of generated.properties.filter((p) => 'label' in p))
      expect(p.label).toMatch(/[\u4e00-\u9fff]/);
  });
});

it('has no template left over for a worker that no longer exists', () => {
  const expected = [...workers.map((w) => templateFileName(w.type)), USER_TASK_TEMPLATE_FILE].sort();
  expect(fs.readdirSync(dir).sort()).toEqual(expected);
});
