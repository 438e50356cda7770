import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CAMUNDA_VERSION, paths } from '../../shared/config';
import { lintBpmn } from './lint';
import { loadCatalogue } from '../catalogue';
import { listWorkflowFiles } from '../../shared/camunda';
import { compatConfigName, generatedLintRules, generatedLintRulesPath } from './generate';

describe('bundled lint rules', () => {
  it('are what `npm run lint-rules` generates for the target Camunda version', () => {
    // given the committed file, when regenerated from the installed packages, then nothing differs
    const committed = fs.readFileSync(path.join(paths.repoRoot, generatedLintRulesPath), 'utf8');
    expect(committed).toBe(generatedLintRules());
    expect(committed).toContain(`"${compatConfigName(DEFAULT_CAMUNDA_VERSION)}"`);
  });

  it('find no error in any diagram under workflows/', async () => {
    // given every committed BPMN and the catalogue the modeler uses
    const catalogue = loadCatalogue(paths.workflows, DEFAULT_CAMUNDA_VERSION);
    const files = listWorkflowFiles(paths.workflows).filter((f) => f.endsWith('.bpmn'));
    expect(files.length).toBeGreaterThan(0);
    // when each is linted, then none has an error (deployment would refuse it)
    for (const file of files) {
      const errors = (await lintBpmn(fs.readFileSync(file, 'utf8'), catalogue)).filter(
        (i) => i.category === 'error',
      );
      expect({ file: path.basename(file), errors }).toEqual({ file: path.basename(file), errors: [] });
    }
  });
});
