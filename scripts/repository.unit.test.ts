/**
 * The repository stands on its own: a clone elsewhere has nothing beside it, so no tracked file
 * may name a path outside the repository (such as the regulation texts and notes of the workplace
 * it was written in; the project's own rule catalogue is docs/rules/).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../src/shared/config';

const root = paths.repoRoot;

/** Names of the workplace's files beside the repository, wherever they appear. */
const outsideNames = [
  /\bREGULATIONS\.md\b/,
  /\bshared\/(REGULATIONS|seeds|research|ARCHITECTURE)\b/,
  /['"]\.\.['"],\s*['"]shared['"]/,
];

/** `../…` paths that, resolved from the file's folder, leave the repository. */
function pathsLeaving(file: string, text: string): string[] {
  return [...text.matchAll(/(?:\.\.\/)+[\w@.-]+/g)]
    .map((m) => m[0])
    .filter((p) => {
      const resolved = path.resolve(root, path.dirname(file), p);
      return path.relative(root, resolved).startsWith('..');
    });
}

export function outsideReferences(file: string, text: string): string[] {
  const named = outsideNames.flatMap((re) => {
    const m = re.exec(text);
    return m ? [m[0]] : [];
  });
  return [...named, ...pathsLeaving(file, text)].map((ref) => `${file}: ${ref}`);
}

describe('the repository', () => {
  it('finds references to paths outside the repository (given / then)', () => {
    // given texts as a README and a script would write them
    expect(outsideReferences('README.md', 'The rules are listed in `../shared/REGULATIONS.md`.')).toEqual([
      'README.md: REGULATIONS.md',
      'README.md: shared/REGULATIONS',
      'README.md: ../shared',
    ]);
    expect(outsideReferences('src/a/b.ts', "path.join(repoRoot, '..', 'shared', 'x')")).toEqual([
      "src/a/b.ts: '..', 'shared'",
    ]);
    // a relative import that stays inside is fine
    expect(outsideReferences('src/health/index.ts', "import { x } from '../shared/camunda';")).toEqual([]);
    expect(outsideReferences('src/a/b.ts', "import x from '../../../outside';")).toEqual([
      'src/a/b.ts: ../../../outside',
    ]);
  });

  it('has no tracked file that refers to a path outside it', () => {
    // given every tracked file but this test (its examples name such paths on purpose)
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: root })
      .toString()
      .split('\0')
      .filter((f) => f && f !== path.relative(root, __filename).split(path.sep).join('/'));
    expect(files.length).toBeGreaterThan(100);

    // then none names a path outside the repository
    const found = files.flatMap((f) => {
      const full = path.join(root, f);
      if (!fs.existsSync(full) || fs.statSync(full).isDirectory()) return [];
      const bytes = fs.readFileSync(full);
      return bytes.includes(0) ? [] : outsideReferences(f, bytes.toString('utf8'));
    });
    expect(found).toEqual([]);
  });
});
