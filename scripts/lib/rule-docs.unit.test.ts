import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../../src/shared/config';
import { articles, ruleIds } from '../../src/shared/rules';
import {
  chineseNumeral,
  enforcedBy,
  findEnforcement,
  generatedFiles,
  readJson,
  renderRegulation,
  rulesDir,
  type CatalogueFile,
} from './rule-docs';

const catalogue = readJson<CatalogueFile>(path.join(rulesDir(paths.repoRoot), 'catalogue.json'));

describe('generated rule catalogue', () => {
  it('is up to date: cited texts, M.md and T.md (run `npm run rules -- --update` after a change)', async () => {
    const files = await generatedFiles(paths.repoRoot, catalogue, articles);
    expect(Object.keys(files).sort()).toEqual(
      ['catalogue.json', 'M.md', 'T.md'].map((f) => path.join('docs', 'rules', f)).sort(),
    );
    for (const [file, text] of Object.entries(files))
      expect({ file, text: fs.readFileSync(path.join(paths.repoRoot, file), 'utf8') }).toEqual({
        file,
        text,
      });
  });

  it('finds where rules are enforced: BPMN elements, DMN decisions, workers, domain code and tests', async () => {
    const found = await findEnforcement(paths.repoRoot, [...ruleIds]);
    expect(found.get('M11.1')).toMatchObject({
      bpmn: expect.arrayContaining(['technical-review#open-first-round', 'technical-review#first-review']),
      workers: ['review.open-round', 'review.record-outcome'],
      code: expect.arrayContaining(['src/reviews/domain/reviews.ts']),
      tests: expect.arrayContaining(['workflows/technical-review/technical-review.int.test.ts']),
    });
    expect(found.get('M10.2')!.dmn).toEqual(['document-path']);
    expect(found.get('M22.2')!.code).toContain('src/units/domain/units.ts');
    // the project filters name M11.1 only as an example ("e.g. M11.1"), not as a rule they follow
    expect(found.get('M11.1')!.code).not.toContain('src/projects/domain/schemas.ts');
    expect(found.get('T3')).toEqual({ bpmn: [], dmn: [], workers: [], code: [], tests: [] });
    expect(enforcedBy(found.get('T3')!)).toBe(false);
  });
});

describe('renderRegulation', () => {
  it('shows the citation, the text, the summary and says "not yet enforced" where nothing enforces a rule', () => {
    const rule = {
      id: 'T22',
      article: 22,
      zh: '在十五个工作日内完成评审工作。',
      en: 'Review within 15 working days.',
    };
    const none = { bpmn: [], dmn: [], workers: [], code: [], tests: ['a.test.ts'] };
    const page = renderRegulation('T', catalogue.regulations.T, [rule], new Map([['T22', none]]));
    expect(page).toContain(
      '## T22 (第二十二条)\n\n> 在十五个工作日内完成评审工作。\n\nReview within 15 working days.',
    );
    expect(page).toContain('- **not yet enforced**\n- tests: `a.test.ts`');
    expect(page).toContain('0 of 1 rules are enforced so far.');
  });

  it.each([
    [1, '一'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [31, '三十一'],
  ])('numbers article %d as %s', (n, text) => {
    expect(chineseNumeral(n)).toBe(text);
  });
});
