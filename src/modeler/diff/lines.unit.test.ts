import fc from 'fast-check';
import { diffLines } from './lines';

describe('diffLines', () => {
  it('marks a changed threshold as one line removed and one added, the rest unchanged', () => {
    // given two versions of a decision rule that differ in one line
    const older = ['<rule id="r1">', '<text>&lt;= 100000000</text>', '</rule>'].join('\n');
    const newer = ['<rule id="r1">', '<text>&lt;= 120000000</text>', '</rule>'].join('\n');
    // when diffed, then only that line changed
    expect(diffLines(older, newer)).toEqual([
      { kind: 'same', text: '<rule id="r1">' },
      { kind: 'removed', text: '<text>&lt;= 100000000</text>' },
      { kind: 'added', text: '<text>&lt;= 120000000</text>' },
      { kind: 'same', text: '</rule>' },
    ]);
  });

  it('gives back both texts: the older without added lines, the newer without removed ones (property)', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const diff = diffLines(a.join('\n'), b.join('\n'));
        const older = diff.filter((l) => l.kind !== 'added').map((l) => l.text);
        const newer = diff.filter((l) => l.kind !== 'removed').map((l) => l.text);
        expect(older).toEqual(a.join('\n').split('\n'));
        expect(newer).toEqual(b.join('\n').split('\n'));
        // identical texts have no changes
        if (a.join('\n') === b.join('\n')) expect(diff.every((l) => l.kind === 'same')).toBe(true);
      }),
    );
  });
});
