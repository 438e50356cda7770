import { chineseNumber, parseArticles } from './rule-import';

describe('parseArticles', () => {
  it('reads articles and their paragraphs from a scrape with one paragraph a line (M)', () => {
    // given the start, two articles and the portal footer of a scraped page
    const text = [
      '为进一步规范我市政务信息化项目建设管理,(〔',
      '第二条本办法适用于本市。',
      '第四条市经济和信息化局为主管部门。',
      '市委网信办负责前置审查,出具审查意见。',
      '藏ICP备12000031号-1网站标识码',
      '新闻推荐',
    ].join('\n');

    // then the preamble and footer are left out
    expect(parseArticles(text, '藏ICP备')).toEqual([
      { number: 2, paragraphs: ['本办法适用于本市。'] },
      { number: 4, paragraphs: ['市经济和信息化局为主管部门。', '市委网信办负责前置审查,出具审查意见。'] },
    ]);
  });

  it('drops headings and joins lines cut by a page break (T)', () => {
    // given a notice, a chapter heading, an article cut mid-word and a list of items
    const text = [
      '拉经信发〔2020〕30号',
      '',
      '第一章 总则',
      '',
      '第五条 本办法中技术评审指对项目是否符',
      '',
      '合全市统筹要求进行前置审查。',
      '',
      '第十一条 项目应符合下列要求：',
      '',
      '（一）符合总体规划；',
      '',
      '第二十二条 在十五个工作日内完成评审工作。',
    ].join('\n');

    expect(parseArticles(text)).toEqual([
      { number: 5, paragraphs: ['本办法中技术评审指对项目是否符合全市统筹要求进行前置审查。'] },
      { number: 11, paragraphs: ['项目应符合下列要求：', '（一）符合总体规划；'] },
      { number: 22, paragraphs: ['在十五个工作日内完成评审工作。'] },
    ]);
  });
});

describe('chineseNumber', () => {
  it.each([
    ['一', 1],
    ['九', 9],
    ['十', 10],
    ['十一', 11],
    ['二十', 20],
    ['二十九', 29],
    ['三十一', 31],
  ])('%s = %d', (text, n) => {
    expect(chineseNumber(text)).toBe(n);
  });

  it.each(['', '百', '一二', '十十'])('refuses "%s"', (text) => {
    expect(() => chineseNumber(text)).toThrow(/not a Chinese number/);
  });
});
