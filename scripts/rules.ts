/**
 * `npm run rules` — rule coverage: every rule of REGULATIONS.md with the BPMN elements and the
 * tests that name it. `npm run rules -- --update` regenerates the catalogue from REGULATIONS.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../src/shared/config';
import { listWorkflowFiles } from '../src/shared/camunda/deploy';
import { ruleIdsInBpmn } from '../src/modeler/lint';
import { readRegulations, regulationsPath, rules } from '../src/shared/rules';

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return ['node_modules', '.data', '.git'].includes(e.name) ? [] : testFiles(full);
    return /\.test\.ts$/.test(e.name) ? [full] : [];
  });
}

if (process.argv.includes('--update')) {
  const parsed = readRegulations(paths.repoRoot);
  if (!parsed) {
    console.error(`no REGULATIONS.md at ${regulationsPath(paths.repoRoot)} (set REGULATIONS_PATH)`);
    process.exit(1);
  }
  fs.writeFileSync(
    path.join(paths.repoRoot, 'src', 'shared', 'rules', 'rule-ids.json'),
    `${JSON.stringify(parsed, null, 2)}\n`,
  );
  console.log(`wrote ${parsed.length} rule ids`);
  process.exit(0);
}

async function coverage(): Promise<void> {
  const elements = new Map<string, string[]>();
  for (const file of listWorkflowFiles(paths.workflows).filter((f) => f.endsWith('.bpmn'))) {
    for (const { elementId, ruleId } of await ruleIdsInBpmn(fs.readFileSync(file, 'utf8'))) {
      const where = `${path.basename(file, '.bpmn')}#${elementId}`;
      const list = elements.get(ruleId) ?? [];
      if (!list.includes(where)) list.push(where);
      elements.set(ruleId, list);
    }
  }
  // the catalogue's own test names ids as parsing fixtures, not as rules it enforces
  const tests = testFiles(paths.repoRoot)
    .filter((f) => !f.includes(`${path.sep}shared${path.sep}rules${path.sep}`))
    .map((f) => ({
      file: path.relative(paths.repoRoot, f),
      text: fs.readFileSync(f, 'utf8'),
    }));
  let covered = 0;
  for (const rule of rules) {
    const idPattern = new RegExp(`\\b${rule.id.replace('.', '\\.')}\\b(?!\\.\\d)`);
    const inTests = tests.filter((t) => idPattern.test(t.text)).map((t) => t.file);
    const inBpmn = elements.get(rule.id) ?? [];
    if (inBpmn.length || inTests.length) covered++;
    console.log(
      `${rule.id.padEnd(6)} ${inBpmn.length ? `BPMN: ${inBpmn.join(', ')}` : 'BPMN: —'}${inTests.length ? `  tests: ${inTests.join(', ')}` : ''}`,
    );
  }
  console.log(`\n${covered} of ${rules.length} rules are named by a BPMN element or a test`);
}

coverage().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
