/**
 * The rule catalogue in `docs/rules/` (see its README): every rule id — M = the city's measures
 * in force, T = the repealed 2020 technical-review measures kept for legacy projects — with the
 * Chinese text it cites, an English summary and the article it comes from. BPMN files and workers
 * may only name ids from it.
 */
import articleData from '../../../docs/rules/articles.json';
import catalogue from '../../../docs/rules/catalogue.json';

export type RegulationId = 'M' | 'T';

export interface Regulation {
  title: string;
  english: string;
  status: string;
  /** File name of the scraped text the articles were imported from (`npm run rules -- --import`). */
  seed: string;
  /** Where the scraped text stops being the regulation (a portal footer follows). */
  endMarker?: string;
}

export interface RuleEntry {
  /** M11.1 = article 11 of M, the first rule read from it */
  id: string;
  article: number;
  /** 1-based; without it the rule cites the whole article */
  paragraph?: number;
  /** The cited text starts with `from` and ends with `to` (inclusive) within the paragraph. */
  from?: string;
  to?: string;
  /** The cited Chinese text, verbatim (written by `npm run rules -- --update`). */
  zh: string;
  /** Our English summary. */
  en: string;
}

export interface ArticleText {
  number: number;
  paragraphs: string[];
}

export interface RegulationText {
  seed: { file: string; sha256: string };
  articles: ArticleText[];
}

export type Articles = Record<RegulationId, RegulationText>;

export const regulations: Record<RegulationId, Regulation> = catalogue.regulations;
export const rules: RuleEntry[] = catalogue.rules;
export const ruleIds = new Set(rules.map((r) => r.id));
export const articles: Articles = articleData;

export const regulationOf = (ruleId: string): RegulationId => (ruleId.startsWith('T') ? 'T' : 'M');

/**
 * The Chinese text a rule cites, read from the articles: the paragraph (or the whole article,
 * paragraphs joined by a line break), narrowed to the span from `from` to `to`.
 */
export function citedText(rule: RuleEntry, source: Articles = articles): string {
  const article = source[regulationOf(rule.id)].articles.find((a) => a.number === rule.article);
  if (!article) throw new Error(`${rule.id}: ${regulationOf(rule.id)} has no article ${rule.article}`);
  const text =
    rule.paragraph === undefined ? article.paragraphs.join('\n') : article.paragraphs[rule.paragraph - 1];
  if (text === undefined)
    throw new Error(`${rule.id}: article ${rule.article} has no paragraph ${rule.paragraph}`);
  const start = rule.from === undefined ? 0 : text.indexOf(rule.from);
  if (start < 0) throw new Error(`${rule.id}: "${rule.from}" is not in article ${rule.article}`);
  const end = rule.to === undefined ? text.length : text.indexOf(rule.to, start);
  if (end < 0) throw new Error(`${rule.id}: "${rule.to}" does not follow "${rule.from ?? ''}"`);
  return text.slice(start, rule.to === undefined ? end : end + rule.to.length);
}
