import fs from 'node:fs';
import { listWorkflowFiles } from '../../../shared/camunda';
import { paths } from '../../../shared/config';
import { ruleIds } from '../../../shared/rules';
import { ruleIdsInBpmn } from '../lint';
import { findings } from './fixtures/lint-fixture';

describe('lint rule egov/rule-id-exists', () => {
  it('accepts M11.1 named as a property and as the ruleId input', async () => {
    expect(await findings('rule-id-exists.valid', 'egov/rule-id-exists')).toEqual([]);
  });

  it('reports rule ids missing from the regulations, wherever they are named', async () => {
    const found = await findings('rule-id-exists.invalid', 'egov/rule-id-exists');
    expect(found).toEqual([
      { elementId: 'unknown-property', category: 'error', message: 'Rule <M99.9> is not in the regulations' },
      { elementId: 'unknown-header', category: 'error', message: 'Rule <X1> is not in the regulations' },
      { elementId: 'unknown-input', category: 'error', message: 'Rule <T99> is not in the regulations' },
    ]);
  });

  it('finds the rule ids every workflow names, and each is in the catalogue', async () => {
    const files = listWorkflowFiles(paths.workflows).filter((f) => f.endsWith('.bpmn'));
    const named = (
      await Promise.all(
        files.map(async (f) =>
          (await ruleIdsInBpmn(fs.readFileSync(f, 'utf8'))).map((r) => ({ ...r, file: f })),
        ),
      )
    ).flat();
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((r) => !ruleIds.has(r.ruleId))).toEqual([]);
  });
});
