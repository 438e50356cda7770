/**
 * What the modeler knows of this system: the element templates generated from the workers'
 * registry (so their job types are exactly the implemented ones), the rules of the catalogue in
 * docs/rules/ (id and English summary), and the Camunda version the cluster runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { rules } from '../shared/rules';
import type { LintCatalogue } from './lint/config';
import { targetCompatConfig } from './lint/config';
import { rulesWithDeadline } from './lint/rules/user-task-form-and-group';

export interface ElementTemplate {
  id: string;
  name: string;
  properties: { type?: string; value?: string; binding: { type: string; property?: string } }[];
  [key: string]: unknown;
}

export interface ModelerCatalogue extends LintCatalogue {
  camundaVersion: string;
  lintProfile: string;
  templates: ElementTemplate[];
  rules: { id: string; text: string }[];
}

function jobTypeOf(template: ElementTemplate): string | undefined {
  return template.properties.find(
    (p) => p.binding.type === 'zeebe:taskDefinition' && p.binding.property === 'type',
  )?.value;
}

export function loadCatalogue(workflowsDir: string, camundaVersion: string): ModelerCatalogue {
  const dir = path.join(workflowsDir, 'element-templates');
  const templates = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ElementTemplate);
  return {
    camundaVersion,
    lintProfile: targetCompatConfig,
    templates,
    jobTypes: templates.map(jobTypeOf).filter((t): t is string => !!t),
    ruleIds: rules.map((r) => r.id),
    deadlineRuleIds: rulesWithDeadline(rules),
    rules: rules.map((r) => ({ id: r.id, text: r.en })),
  };
}
