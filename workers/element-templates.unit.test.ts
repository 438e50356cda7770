import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../src/shared/config';
import { elementTemplate, templateFileName } from './element-templates';
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

it('has no template left over for a worker that no longer exists', () => {
  const expected = workers.map((w) => templateFileName(w.type)).sort();
  expect(fs.readdirSync(dir).sort()).toEqual(expected);
});
