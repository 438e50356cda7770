/**
 * The lint configuration of the modeler and the API: bpmnlint "recommended", camunda-compat for the
 * cluster's version, and our own rules. Pure (no Node APIs), so the browser bundle uses it too.
 */
import { bundledRuleConfig, bundledRuleFactories, targetCompatConfig } from './bundled-rules.generated';
import { deadlineTimerComputed } from './rules/deadline-timer-computed';
import { jobTypeImplemented } from './rules/job-type-implemented';
import { ruleIdExists } from './rules/rule-id-exists';
import { userTaskFormAndGroup } from './rules/user-task-form-and-group';

/** What our rules check against: the workers' job types and the regulations' rule ids. */
export interface LintCatalogue {
  jobTypes: string[];
  ruleIds: string[];
  /** rules that set a deadline: a user task naming one needs a due date */
  deadlineRuleIds?: string[];
}

export { targetCompatConfig };

const ownRules: Record<string, (config: never) => unknown> = {
  'egov/job-type-implemented': jobTypeImplemented,
  'egov/user-task-form-and-group': userTaskFormAndGroup,
  'egov/deadline-timer-computed': deadlineTimerComputed,
  'egov/rule-id-exists': ruleIdExists,
};

/** Rules of this project that are only advice; every other finding of ours blocks deployment. */
const tuning: Record<string, string> = {
  // a diagram without labels still runs; Camunda's own modeler warns too
  'bpmnlint/label-required': 'warn',
};

/** `{ config, resolver }` as bpmnlint's Linter and bpmn-js-bpmnlint expect them. */
export function createLintConfig(catalogue: LintCatalogue) {
  const rules: Record<string, string | [string, unknown]> = {};
  for (const [name, value] of Object.entries(bundledRuleConfig)) {
    const override = tuning[name];
    rules[name] = override ? (Array.isArray(value) ? [override, value[1]] : override) : value;
  }
  rules['egov/job-type-implemented'] = ['error', { jobTypes: catalogue.jobTypes }];
  rules['egov/user-task-form-and-group'] = ['error', { deadlineRuleIds: catalogue.deadlineRuleIds ?? [] }];
  rules['egov/deadline-timer-computed'] = 'error';
  rules['egov/rule-id-exists'] = ['error', { ruleIds: catalogue.ruleIds }];

  const factories: Record<string, unknown> = { ...bundledRuleFactories, ...ownRules };
  const shortName = (pkg: string) => (pkg === 'bpmnlint' ? 'bpmnlint' : pkg.replace(/^bpmnlint-plugin-/, ''));
  return {
    config: { rules },
    resolver: {
      resolveRule: (pkg: string, ruleName: string) => factories[`${shortName(pkg)}/${ruleName}`],
      resolveConfig: (pkg: string, name: string) => {
        throw new Error(`no lint config ${pkg}/${name}: the modeler's config is flat`);
      },
    },
  };
}

export interface LintIssue {
  elementId: string;
  rule: string;
  category: 'error' | 'warn' | 'info';
  message: string;
}

/** Flattens bpmnlint's `{ rule: reports[] }` result; a rule that crashed counts as an error. */
export function flattenReports(
  results: Record<string, { id?: string; message: string; category: string }[]>,
): LintIssue[] {
  const out: LintIssue[] = [];
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) {
      const category = r.category === 'warn' || r.category === 'info' ? r.category : 'error';
      out.push({ elementId: r.id ?? '', rule, category, message: r.message });
    }
  }
  return out;
}
