/**
 * The rule catalogue: every rule id of REGULATIONS.md (M = in force, T = the repealed 2020
 * measures kept for legacy projects) with the start of its text. Generated into rule-ids.json by
 * `npm run rules -- --update`; BPMN files and workers may only name ids from it.
 */
import fs from 'node:fs';
import path from 'node:path';
import catalogue from './rule-ids.json';

export interface RuleEntry {
  id: string;
  text: string;
}

export const rules: RuleEntry[] = catalogue;
export const ruleIds = new Set(rules.map((r) => r.id));

/** Rule ids from the first cell of REGULATIONS.md's tables: "M23, M25, M26" and "T12–T14" expand. */
export function parseRegulations(markdown: string): RuleEntry[] {
  const out: RuleEntry[] = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const first = cells[1] ?? '';
    if (!/^[MT]\d/.test(first)) continue;
    const text = (cells[2] ?? '').replace(/\*\*/g, '').slice(0, 160);
    for (const part of first.split(/,\s*/)) {
      const range = /^([MT])(\d+)[–-]([MT])?(\d+)$/.exec(part);
      if (range) {
        for (let n = Number(range[2]); n <= Number(range[4]); n++) out.push({ id: `${range[1]}${n}`, text });
      } else if (/^[MT]\d+(\.\d+)?$/.test(part)) {
        out.push({ id: part, text });
      }
    }
  }
  return out;
}

/** Where REGULATIONS.md is: beside the repository, as in the project's workplace and CI. */
export function regulationsPath(repoRoot: string): string {
  return process.env.REGULATIONS_PATH ?? path.join(repoRoot, '..', 'shared', 'REGULATIONS.md');
}

export function readRegulations(repoRoot: string): RuleEntry[] | undefined {
  const file = regulationsPath(repoRoot);
  return fs.existsSync(file) ? parseRegulations(fs.readFileSync(file, 'utf8')) : undefined;
}
