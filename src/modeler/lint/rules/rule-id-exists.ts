/** egov/rule-id-exists: a task that enforces a rule names it (property or header `rule`, input `ruleId`), and the id must exist in the rule catalogue (docs/rules/catalogue.json). */
import { extension, extensions, literal, type ModdleElement, type RuleFactory } from './extension';

export function ruleReferences(node: ModdleElement): string[] {
  const refs: string[] = [];
  for (const p of (extension(node, 'zeebe:Properties')?.properties as ModdleElement[] | undefined) ?? []) {
    if (p.name === 'rule' && typeof p.value === 'string') refs.push(p.value);
  }
  for (const h of (extension(node, 'zeebe:TaskHeaders')?.values as ModdleElement[] | undefined) ?? []) {
    if (h.key === 'rule' && typeof h.value === 'string') refs.push(h.value);
  }
  for (const io of extensions(node, 'zeebe:IoMapping')) {
    for (const input of (io.inputParameters as ModdleElement[] | undefined) ?? []) {
      const value = literal(input.source);
      if (input.target === 'ruleId' && value !== undefined) refs.push(value);
    }
  }
  return [...new Set(refs)];
}

export const ruleIdExists: RuleFactory<{ ruleIds: string[] }> = ({ ruleIds }) => {
  const known = new Set(ruleIds);
  return {
    check(node, reporter) {
      if (!node.id) return;
      for (const ref of ruleReferences(node)) {
        if (!known.has(ref)) reporter.report(node.id, `Rule <${ref}> is not in the regulations`, ['rule']);
      }
    },
  };
};
