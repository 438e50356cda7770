/**
 * bpmnlint, faster for the modeler's lint-on-every-edit, with the same rules and the same reports.
 * - `lint`: every rule checks each node during one walk (bpmnlint walks the tree once per rule).
 * - `lintChanged`: after an edit, rules check only the changed elements' subtrees and their
 *   ancestors (rules looking at a process or the definitions run there); reports from nodes that
 *   were not re-checked are kept. Rules with state across nodes run on the whole tree.
 * Unit tests compare both with bpmnlint's Linter. Pure, so the browser bundle uses it too.
 */
import { Linter, type LintReport } from 'bpmnlint';

interface ModdleNode {
  $descriptor: {
    isGeneric?: boolean;
    properties: { name: string; isAttr?: boolean; isReference?: boolean; isMany?: boolean; type: string }[];
  };
  [key: string]: unknown;
}

type Check = (node: ModdleNode, reporter: Reporter) => boolean | void;

interface ResolvedRule {
  name: string;
  category: string;
  rule: { check: Check | { enter?: Check; leave?: Check }; meta?: unknown };
}

interface Report {
  id?: string;
  message: string;
  path?: unknown;
  [key: string]: unknown;
}

/** A report with the node that was being checked when it was made. */
interface Tracked {
  report: Report;
  origin: ModdleNode;
}

class Reporter {
  origin: ModdleNode | undefined;
  readonly messages: Tracked[] = [];
  readonly report = (id: string, message: string, path?: unknown) => {
    const origin = this.origin!;
    if (Array.isArray(path)) this.messages.push({ origin, report: { id, message, path } });
    else if (path && typeof path === 'object')
      this.messages.push({ origin, report: { id, message, ...(path as object) } });
    else this.messages.push({ origin, report: { id, message } });
  };
}

const simpleTypes = new Set(['String', 'Boolean', 'Integer', 'Real']);
const containedCache = new WeakMap<object, ModdleNode['$descriptor']['properties']>();

function containedProperties(descriptor: ModdleNode['$descriptor']) {
  let props = containedCache.get(descriptor);
  if (!props) {
    props = descriptor.properties.filter((p) => !p.isAttr && !p.isReference && !simpleTypes.has(p.type));
    containedCache.set(descriptor, props);
  }
  return props;
}

interface Visitor {
  enter?: Check;
  leave?: Check;
  reporter: Reporter;
  failed?: Error;
}

function visitorOf(rule: ResolvedRule['rule']): Visitor {
  const check = rule.check;
  if (typeof check === 'function') return { enter: check, reporter: new Reporter() };
  if (!check?.enter && !check?.leave) throw new Error('no check implemented');
  return { enter: check.enter, leave: check.leave, reporter: new Reporter() };
}

/** Rules that collect across nodes in their factory's closure: always fresh, always on the whole tree. */
const STATEFUL = new Set(['no-duplicate-sequence-flows']);

/**
 * Visits `node` with every active visitor (enter, children, leave), as bpmnlint's traverse does
 * per rule: below a node where a rule's enter returned false, that rule is skipped.
 */
function walk(
  node: ModdleNode,
  visitors: Visitor[],
  active: boolean[],
  descend: boolean,
  seen?: Set<ModdleNode>,
) {
  if (seen) {
    // a node under two changed elements is checked once
    if (seen.has(node)) return;
    seen.add(node);
  }
  let childActive = active;
  for (let i = 0; i < visitors.length; i++) {
    const v = visitors[i]!;
    if (!active[i] || v.failed || !v.enter) continue;
    v.reporter.origin = node;
    try {
      if (v.enter(node, v.reporter) === false) {
        if (childActive === active) childActive = [...active];
        childActive[i] = false;
      }
    } catch (e) {
      v.failed = e as Error;
    }
  }
  const descriptor = node.$descriptor;
  if (descend && !descriptor.isGeneric && (seen || childActive.some(Boolean))) {
    for (const p of containedProperties(descriptor)) {
      if (!(p.name in node)) continue;
      const value = node[p.name];
      if (p.isMany) for (const child of value as ModdleNode[]) walk(child, visitors, childActive, true, seen);
      else walk(value as ModdleNode, visitors, childActive, true, seen);
    }
  }
  for (let i = 0; i < visitors.length; i++) {
    const v = visitors[i]!;
    if (!active[i] || v.failed || !v.leave) continue;
    v.reporter.origin = node;
    try {
      v.leave(node, v.reporter);
    } catch (e) {
      v.failed = e as Error;
    }
  }
}

interface Internals {
  resolveRules(c: unknown): Promise<ResolvedRule[]>;
  config: unknown;
  cachedRules: Record<string, unknown>;
}

export class SinglePassLinter extends Linter {
  /** The rules and their tracked reports of the last lint, for `lintChanged`. */
  private last: { rules: ResolvedRule[]; reports: Tracked[][] } | undefined;

  private async freshRules(config?: unknown): Promise<ResolvedRule[]> {
    const self = this as unknown as Internals;
    // some rules keep state in their factory's closure: every lint gets new instances
    self.cachedRules = {};
    return self.resolveRules(config ?? self.config);
  }

  private results(rules: ResolvedRule[], visitors: Visitor[], tracked: Tracked[][]) {
    const all: Record<string, LintReport[]> = {};
    rules.forEach(({ name, category, rule }, i) => {
      const failed = visitors[i]?.failed;
      const reports = (
        failed
          ? [{ message: failed.message, category: 'rule-error' }]
          : tracked[i]!.map((t) => ({ ...t.report, meta: rule.meta, category }))
      ) as LintReport[];
      if (reports.length) all[name] = reports;
    });
    return all;
  }

  override async lint(moddleRoot: unknown, config?: unknown): Promise<Record<string, LintReport[]>> {
    const rules = await this.freshRules(config);
    const visitors = rules.map((r) => visitorOf(r.rule));
    walk(
      moddleRoot as ModdleNode,
      visitors,
      visitors.map(() => true),
      true,
    );
    const reports = visitors.map((v) => v.reporter.messages);
    this.last = visitors.some((v) => v.failed) ? undefined : { rules, reports };
    return this.results(rules, visitors, reports);
  }

  /** Lints after an edit of `changed` (moddle elements: business objects and their DI). */
  async lintChanged(moddleRoot: unknown, changed: unknown[]): Promise<Record<string, LintReport[]>> {
    if (!this.last) return this.lint(moddleRoot);
    const root = moddleRoot as ModdleNode;
    const { rules, reports: previous } = this.last;
    const stateful = rules.map((r) => STATEFUL.has(r.name) || typeof r.rule.check !== 'function');

    // rules with state run fresh on the whole tree; the same walk lists the nodes still attached
    const fresh = (await this.freshRules()).filter((_, i) => stateful[i]);
    const statefulVisitors = fresh.map((r) => visitorOf(r.rule));
    const live = new Set<ModdleNode>();
    walk(
      root,
      statefulVisitors,
      statefulVisitors.map(() => true),
      true,
      live,
    );

    // every other rule re-checks the changed subtrees and, node by node, their ancestors
    const visitors = rules.map((r, i) => (stateful[i] ? { reporter: new Reporter() } : visitorOf(r.rule)));
    const active = rules.map((_, i) => !stateful[i]);
    const checked = new Set<ModdleNode>();
    const ancestors = new Set<ModdleNode>();
    for (const node of changed as ModdleNode[]) {
      if (!live.has(node)) continue;
      walk(node, visitors, active, true, checked);
      for (let p = node.$parent as ModdleNode | undefined; p; p = p.$parent as ModdleNode | undefined)
        ancestors.add(p);
    }
    for (const node of ancestors) if (!checked.has(node)) walk(node, visitors, active, false, checked);

    let s = 0;
    const reports = rules.map((_, i) => {
      if (stateful[i]) return statefulVisitors[s++]!.reporter.messages;
      const kept = previous[i]!.filter((t) => live.has(t.origin) && !checked.has(t.origin));
      return [...kept, ...visitors[i]!.reporter.messages];
    });
    s = 0;
    const allVisitors = rules.map((_, i) => (stateful[i] ? statefulVisitors[s++]! : visitors[i]!));
    this.last = allVisitors.some((v) => v.failed) ? undefined : { rules, reports };
    return this.results(rules, allVisitors, reports);
  }
}
