import { parseArgs } from './args';

describe('parseArgs', () => {
  it('reads files, --attach and --year in any order', () => {
    expect(parseArgs(['a.json', '--year=2031', '--attach', 'b.json'])).toEqual({
      files: ['a.json', 'b.json'],
      attach: true,
      year: 2031,
    });
    expect(parseArgs(['a.json'])).toEqual({ files: ['a.json'], attach: false });
  });

  it('refuses an unknown option and a year that is not four digits, naming them', () => {
    expect(() => parseArgs(['--atach', 'a.json'])).toThrow('unknown option --atach');
    expect(() => parseArgs(['--year=31', 'a.json'])).toThrow('--year: a year of four digits');
  });
});
