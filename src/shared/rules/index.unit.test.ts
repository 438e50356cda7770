import { articles, citedText, regulations, ruleIds, rules, type Articles, type RuleEntry } from '.';

/** Every rule id of the regulations as the project was specified; the catalogue must keep them all. */
const specifiedIds = [
  ...['M4.2', 'M4.7', 'M6', 'M7.1', 'M7.2', 'M7.3', 'M7.4', 'M7.5', 'M7.6', 'M8', 'M9'],
  ...['M10.1', 'M10.2', 'M10.3', 'M11.1', 'M11.2', 'M11.3', 'M11.4', 'M11.5', 'M11.6', 'M11.7'],
  ...['M12', 'M13', 'M14', 'M15', 'M16', 'M17', 'M18', 'M19', 'M20', 'M21', 'M22.1', 'M22.2'],
  ...['M23', 'M24.1', 'M24.2', 'M25', 'M26', 'M27', 'M29', 'M31'],
  ...['T3', 'T11', 'T12', 'T13', 'T14', 'T15', 'T16', 'T20', 'T22', 'T24', 'T25', 'T26', 'T27'],
];

describe('rule catalogue (docs/rules)', () => {
  it('holds every specified rule id once, each well-formed and of its own article', () => {
    expect(rules.map((r) => r.id).sort()).toEqual([...specifiedIds].sort());
    expect(ruleIds.size).toBe(rules.length);
    for (const r of rules) {
      expect(r.id).toMatch(/^[MT]\d+(\.\d+)?$/);
      expect(r.id.slice(1).split('.')[0]).toBe(String(r.article));
    }
  });

  it('cites for every rule the Chinese text of its article, verbatim, and summarises it in English', () => {
    for (const r of rules) {
      expect({ id: r.id, zh: r.zh }).toEqual({ id: r.id, zh: citedText(r) });
      expect(r.zh).toMatch(/[\u4e00-\u9fff]{4}/);
      expect(r.en.length).toBeGreaterThan(20);
      expect(r.en).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('keeps the articles of both regulations with the fingerprint of the text they were imported from', () => {
    for (const id of ['M', 'T'] as const) {
      expect(articles[id].seed).toEqual({
        file: regulations[id].seed,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(articles[id].articles.length).toBeGreaterThan(25);
      for (const a of articles[id].articles)
        expect(a.paragraphs.every((p) => p.trim().length > 0)).toBe(true);
    }
  });
});

describe('citedText', () => {
  const source: Articles = {
    M: {
      seed: { file: 'm.txt', sha256: '' },
      articles: [
        {
          number: 11,
          paragraphs: ['甲应在5个工作日内完成初步评审,评审通过的,2个工作日内出具报告。', '第二款。'],
        },
      ],
    },
    T: { seed: { file: 't.txt', sha256: '' }, articles: [] },
  };
  const rule = (r: Partial<RuleEntry>): RuleEntry => ({ id: 'M11.1', article: 11, zh: '', en: '', ...r });

  it('narrows a paragraph to the span from `from` to `to`, inclusive', () => {
    expect(citedText(rule({ paragraph: 1, to: '完成初步评审' }), source)).toBe(
      '甲应在5个工作日内完成初步评审',
    );
    expect(citedText(rule({ paragraph: 1, from: '评审通过的' }), source)).toBe(
      '评审通过的,2个工作日内出具报告。',
    );
    expect(citedText(rule({ paragraph: 2 }), source)).toBe('第二款。');
  });

  it('cites the whole article, paragraphs on their own lines, when no paragraph is given', () => {
    expect(citedText(rule({}), source)).toBe(
      '甲应在5个工作日内完成初步评审,评审通过的,2个工作日内出具报告。\n第二款。',
    );
  });

  it('refuses a citation that the article does not contain', () => {
    expect(() => citedText(rule({ article: 12 }), source)).toThrow(/M has no article 12/);
    expect(() => citedText(rule({ paragraph: 3 }), source)).toThrow(/no paragraph 3/);
    expect(() => citedText(rule({ paragraph: 1, from: '不存在' }), source)).toThrow(
      /"不存在" is not in article 11/,
    );
    expect(() => citedText(rule({ paragraph: 1, from: '评审通过的', to: '甲' }), source)).toThrow(
      /does not follow/,
    );
  });
});
