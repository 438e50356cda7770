/**
 * `npm run lint-rules` — writes src/modeler/lint/bundled-rules.generated.ts: the bpmnlint
 * "recommended" rules and camunda-compat's rules for the cluster's Camunda version, flattened and
 * imported statically, so the same rule set runs in Node (API, tests) and in the browser bundle
 * (where bpmnlint cannot `require` rules by name). A unit test fails when the file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generatedLintRules, generatedLintRulesPath } from '../src/modeler/lint/generate';

const target = path.resolve(__dirname, '..', generatedLintRulesPath);
fs.writeFileSync(target, generatedLintRules());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
