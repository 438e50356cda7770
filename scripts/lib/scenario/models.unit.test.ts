import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../../../src/shared/config';
import { elementLookup, readModel } from './models';

const lifecycle = path.join(paths.workflows, 'project-lifecycle', 'project-lifecycle.bpmn');
const review = path.join(paths.workflows, 'technical-review', 'technical-review.bpmn');

describe('element rules from the BPMN', () => {
  it('reads the rule property and the name of each element of a process', async () => {
    const model = await readModel(fs.readFileSync(lifecycle, 'utf8'));
    expect(model.get('project-lifecycle/await-pre-review')).toEqual({
      rule: 'M7.3',
      name: '等待月度预审结果',
    });
    expect(model.get('project-lifecycle/bind-lifecycle-instance')).toEqual({
      rule: 'M14',
      name: '登记项目流程实例',
    });
    expect(model.get('project-lifecycle/duplicate-lifecycle-end')).toEqual({
      rule: null,
      name: '重复实例已结束',
    });
  });

  it('looks elements up by process, and by element id alone when one process has it', async () => {
    const lookup = await elementLookup([lifecycle, review]);
    expect(lookup('technical-review', 'first-review')).toEqual({
      rule: 'M11.1',
      name: '经信局技术评审（初审）',
    });
    expect(lookup(null, 'await-pre-review').rule).toBe('M7.3');
    expect(lookup('project-lifecycle', 'first-review')).toEqual({ rule: null, name: null });
  });
});
