/**
 * The generated part of the rule catalogue in `docs/rules/`: the cited Chinese text of every rule
 * (from `articles.json`) and, per regulation, a Markdown page with each rule's text, summary and
 * where the system enforces it — read from the BPMN and DMN files, the workers, the domain code
 * and the tests, so the pages cannot drift from the code (a unit test compares them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { listWorkflowFiles } from '../../src/shared/camunda/deploy';
import { ruleIdsInBpmn } from '../../src/modeler/lint';
import {
  citedText,
  type Articles,
  type Regulation,
  type RegulationId,
  type RuleEntry,
} from '../../src/shared/rules';
import { workers } from '../../workers/registry';
import { parseArticles, sha256 } from './rule-import';

export const rulesDir = (repoRoot: string) => path.join(repoRoot, 'docs', 'rules');

export interface CatalogueFile {
  regulations: Record<RegulationId, Regulation>;
  rules: RuleEntry[];
}

export interface Enforcement {
  bpmn: string[];
  dmn: string[];
  workers: string[];
  code: string[];
  tests: string[];
}

/** Named by a BPMN element, a DMN decision, a worker or domain code (tests alone check, not enforce). */
export const enforcedBy = (e: Enforcement) =>
  e.bpmn.length + e.dmn.length + e.workers.length + e.code.length > 0;

/** Articles of both regulations from their seed files (the only place that reads them). */
export function importArticles(
  seeds: Record<RegulationId, string>,
  regulations: Record<RegulationId, Regulation>,
): Articles {
  const read = (id: RegulationId) => {
    const text = fs.readFileSync(seeds[id], 'utf8');
    const articles = parseArticles(text, regulations[id].endMarker);
    if (articles.length === 0) throw new Error(`${seeds[id]}: no 第…条 articles found for ${id}`);
    return { seed: { file: path.basename(seeds[id]), sha256: sha256(text) }, articles };
  };
  return { M: read('M'), T: read('T') };
}

/** Matches the id as a whole: M11.1 but not M11.10 or M11.1.2; M8 but not M8.1. */
const mentions = (id: string, text: string) =>
  new RegExp(`(?<![\\w.])${id.replace('.', '\\.')}(?![\\w]|\\.\\d)`).test(text);
/** "e.g. M11.1" and "如 M11.1" name an example, not the rule the code follows. */
const withoutExamples = (text: string) => text.replace(/(e\.g\.|如)\s*[MT]\d+(\.\d+)?/g, '');

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory())
        return ['node_modules', '.data', '.git', 'dist'].includes(e.name) ? [] : filesUnder(full, keep);
      return keep(full) ? [full] : [];
    })
    .sort();
}

/** The catalogue's own tests name ids as fixtures, not as rules they check. */
const catalogueTest = (rel: string) =>
  rel.startsWith(`src${path.sep}shared${path.sep}rules${path.sep}`) ||
  rel.startsWith(`scripts${path.sep}lib${path.sep}rule-`) ||
  rel === path.join('scripts', 'repository.unit.test.ts');

/** Where each rule id is named: BPMN elements, DMN decisions, workers, domain code and tests. */
export async function findEnforcement(repoRoot: string, ids: string[]): Promise<Map<string, Enforcement>> {
  const out = new Map(
    ids.map((id) => [id, { bpmn: [], dmn: [], workers: [], code: [], tests: [] } as Enforcement]),
  );
  const add = (id: string, kind: keyof Enforcement, where: string) => {
    const list = out.get(id)?.[kind];
    if (list && !list.includes(where)) list.push(where);
  };
  const rel = (f: string) => path.relative(repoRoot, f).split(path.sep).join('/');
  const workflowFiles = listWorkflowFiles(path.join(repoRoot, 'workflows'));

  for (const file of workflowFiles.filter((f) => f.endsWith('.bpmn'))) {
    for (const { elementId, ruleId } of await ruleIdsInBpmn(fs.readFileSync(file, 'utf8')))
      add(ruleId, 'bpmn', `${path.basename(file, '.bpmn')}#${elementId}`);
  }
  for (const file of workflowFiles.filter((f) => f.endsWith('.dmn'))) {
    const xml = fs.readFileSync(file, 'utf8');
    const decisions = [...xml.matchAll(/<decision [^>]*id="([^"]+)"/g)].map((m) => m[1]!);
    for (const id of ids.filter((i) => mentions(i, xml))) for (const d of decisions) add(id, 'dmn', d);
  }
  for (const w of workers) {
    for (const id of ids.filter((i) => mentions(i, withoutExamples(`${w.title} ${w.description}`))))
      add(id, 'workers', w.type);
  }
  const domain = filesUnder(
    path.join(repoRoot, 'src'),
    (f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f) && f.split(path.sep).includes('domain'),
  );
  for (const file of domain) {
    const text = withoutExamples(fs.readFileSync(file, 'utf8'));
    for (const id of ids.filter((i) => mentions(i, text))) add(id, 'code', rel(file));
  }
  const tests = filesUnder(
    repoRoot,
    (f) => /\.test\.ts$/.test(f) && !catalogueTest(path.relative(repoRoot, f)),
  );
  for (const file of tests) {
    const text = fs.readFileSync(file, 'utf8');
    for (const id of ids.filter((i) => mentions(i, text))) add(id, 'tests', rel(file));
  }
  return out;
}

const digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 11 → 十一, 29 → 二十九 (article and paragraph numbers). */
export function chineseNumeral(n: number): string {
  if (n < 10) return digits[n]!;
  return `${n >= 20 ? digits[Math.floor(n / 10)] : ''}十${digits[n % 10]}`;
}

const citation = (rule: RuleEntry) =>
  `第${chineseNumeral(rule.article)}条${rule.paragraph ? `第${chineseNumeral(rule.paragraph)}款` : ''}`;
const code = (items: string[]) => items.map((i) => `\`${i}\``).join(', ');

/** One regulation's page: every rule with its Chinese text, summary and enforcement. */
export function renderRegulation(
  id: RegulationId,
  regulation: Regulation,
  rules: RuleEntry[],
  enforcement: Map<string, Enforcement>,
): string {
  const lines = [
    '<!-- Generated by `npm run rules -- --update` from catalogue.json, articles.json and the code. Do not edit. -->',
    '',
    `# ${id} — ${regulation.title}`,
    '',
    `${regulation.english}. Status: ${regulation.status}.`,
    '',
    'Each rule: the article text it cites (verbatim, from `articles.json`), our summary, and where the system',
    'enforces it (BPMN `process#element`, DMN decision, worker job type, domain code) or checks it (tests).',
    '',
  ];
  const mine = rules.filter((r) => r.id.startsWith(id));
  const enforced = mine.filter((r) => enforcedBy(enforcement.get(r.id)!)).length;
  lines.push(`${enforced} of ${mine.length} rules are enforced so far.`, '');
  for (const rule of mine) {
    const e = enforcement.get(rule.id)!;
    lines.push(`## ${rule.id} (${citation(rule)})`, '');
    for (const paragraph of rule.zh.split('\n')) lines.push(`> ${paragraph}`, '>');
    lines.pop();
    lines.push('', rule.en, '');
    if (!enforcedBy(e)) lines.push('- **not yet enforced**');
    if (e.bpmn.length) lines.push(`- BPMN: ${code(e.bpmn)}`);
    if (e.dmn.length) lines.push(`- DMN: ${code(e.dmn)}`);
    if (e.workers.length) lines.push(`- workers: ${code(e.workers)}`);
    if (e.code.length) lines.push(`- code: ${code(e.code)}`);
    if (e.tests.length) lines.push(`- tests: ${code(e.tests)}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Every generated file of the catalogue, by path relative to the repository root. */
export async function generatedFiles(
  repoRoot: string,
  catalogue: CatalogueFile,
  articles: Articles,
): Promise<Record<string, string>> {
  const rules = catalogue.rules.map((r) => ({ ...r, zh: citedText(r, articles) }));
  const enforcement = await findEnforcement(
    repoRoot,
    rules.map((r) => r.id),
  );
  const dir = path.join('docs', 'rules');
  return {
    [path.join(dir, 'catalogue.json')]: `${JSON.stringify({ ...catalogue, rules }, null, 2)}\n`,
    [path.join(dir, 'M.md')]: renderRegulation('M', catalogue.regulations.M, rules, enforcement),
    [path.join(dir, 'T.md')]: renderRegulation('T', catalogue.regulations.T, rules, enforcement),
  };
}

export const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
export const articlesJson = (articles: Articles) => `${JSON.stringify(articles, null, 2)}\n`;
