import fs from 'node:fs';
import { paths } from '../config';
import { parseRegulations, readRegulations, regulationsPath, rules } from '.';

describe('rule catalogue', () => {
  it('reads ids from the first cell of REGULATIONS.md rows, expanding lists and ranges', () => {
    const md = [
      '| id | rule | how |',
      '|---|---|---|',
      '| M11.1 | The EIB finishes the first review **within 5 working days**. | timer |',
      '| M23, M25, M26 | Security management. | checklist |',
      '| T12–T14 | No new machine rooms. |',
      '| `eib` | 市经济和信息化局 | competent authority |',
    ].join('\n');
    expect(parseRegulations(md).map((r) => r.id)).toEqual([
      'M11.1',
      'M23',
      'M25',
      'M26',
      'T12',
      'T13',
      'T14',
    ]);
    expect(parseRegulations(md)[0]!.text).toBe('The EIB finishes the first review within 5 working days.');
  });

  // REGULATIONS.md sits beside the repository in this workplace and in CI
  if (fs.existsSync(regulationsPath(paths.repoRoot))) {
    it('matches REGULATIONS.md (run `npm run rules -- --update` after it changes)', () => {
      expect(rules).toEqual(readRegulations(paths.repoRoot));
    });
  }
});
