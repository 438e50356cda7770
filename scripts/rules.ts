/**
 * `npm run rules` — the rule catalogue in docs/rules/: every rule with where the system enforces it.
 *
 *   npm run rules                              coverage: per rule, the BPMN, DMN, workers, code and tests
 *   npm run rules -- --update                  rewrite the generated files (cited texts, M.md, T.md)
 *   npm run rules -- --import M=<file> T=<file> re-extract articles.json from the two regulation texts, then --update
 *
 * Only --import reads anything outside the repository, and only the files it is given.
 */
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../src/shared/config';
import { articles as currentArticles, type Articles, type RegulationId } from '../src/shared/rules';
import {
  articlesJson,
  enforcedBy,
  findEnforcement,
  generatedFiles,
  importArticles,
  readJson,
  rulesDir,
  type CatalogueFile,
} from './lib/rule-docs';

const usage = 'usage: npm run rules [-- --update | -- --import M=<file> T=<file>]';

function seedArguments(args: string[]): Record<RegulationId, string> {
  const seeds: Partial<Record<RegulationId, string>> = {};
  for (const arg of args) {
    const m = /^([MT])=(.+)$/.exec(arg);
    if (!m) throw new Error(`"${arg}" is not M=<file> or T=<file>\n${usage}`);
    seeds[m[1] as RegulationId] = path.resolve(m[2]!);
  }
  if (!seeds.M || !seeds.T) throw new Error(`--import needs both M=<file> and T=<file>\n${usage}`);
  return seeds as Record<RegulationId, string>;
}

async function update(articles: Articles): Promise<void> {
  const catalogue = readJson<CatalogueFile>(path.join(rulesDir(paths.repoRoot), 'catalogue.json'));
  const files = await generatedFiles(paths.repoRoot, catalogue, articles);
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(paths.repoRoot, file), text);
  console.log(`wrote ${Object.keys(files).join(', ')} (${catalogue.rules.length} rules)`);
}

async function coverage(): Promise<void> {
  const catalogue = readJson<CatalogueFile>(path.join(rulesDir(paths.repoRoot), 'catalogue.json'));
  const ids = catalogue.rules.map((r) => r.id);
  const found = await findEnforcement(paths.repoRoot, ids);
  for (const id of ids) {
    const e = found.get(id)!;
    const parts = (['bpmn', 'dmn', 'workers', 'code', 'tests'] as const)
      .filter((k) => e[k].length)
      .map((k) => `${k}: ${e[k].join(', ')}`);
    console.log(`${id.padEnd(6)} ${enforcedBy(e) ? '' : 'not yet enforced  '}${parts.join('  ')}`);
  }
  const enforced = ids.filter((id) => enforcedBy(found.get(id)!)).length;
  console.log(
    `\n${enforced} of ${ids.length} rules are enforced by a BPMN element, DMN decision, worker or domain code`,
  );
}

async function main(args: string[]): Promise<void> {
  if (args[0] === '--import') {
    const catalogue = readJson<CatalogueFile>(path.join(rulesDir(paths.repoRoot), 'catalogue.json'));
    const articles = importArticles(seedArguments(args.slice(1)), catalogue.regulations);
    fs.writeFileSync(path.join(rulesDir(paths.repoRoot), 'articles.json'), articlesJson(articles));
    console.log(
      `wrote docs/rules/articles.json (M: ${articles.M.articles.length}, T: ${articles.T.articles.length} articles)`,
    );
    await update(articles);
  } else if (args[0] === '--update') {
    await update(currentArticles);
  } else if (args.length === 0) {
    await coverage();
  } else {
    throw new Error(usage);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
