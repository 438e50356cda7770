import { displayFileName, fileNameProblem } from './file-rules';

describe('file names of documents', () => {
  it.each(['可行性研究报告.pdf', '2026年 初步设计（修订）.docx', 'budget_v2.xlsx', '电子证照库.ofd'])(
    'accepts %s, shown as it is',
    (name) => {
      expect(fileNameProblem(name)).toBeUndefined();
      expect(displayFileName(name)).toBe(name);
    },
  );

  it.each([
    ['a right-to-left override that disguises an extension', '发票\u202Efdp.exe.pdf', '发票fdp.exe.pdf'],
    ['a right-to-left embedding', '报告\u202B.pdf', '报告.pdf'],
    ['a first-strong isolate', '报告\u2068x\u2069.pdf', '报告x.pdf'],
    ['zero-width spaces', '可行性\u200B研究.pdf', '可行性研究.pdf'],
    ['a zero-width joiner', 'a\u200Db.pdf', 'ab.pdf'],
    ['a byte-order mark', '\uFEFF报告.pdf', '报告.pdf'],
    ['a NUL byte', '报告\u0000.pdf', '报告.pdf'],
    ['a line break', '报告\n.pdf', '报告.pdf'],
    ['a DEL', '报告\u007F.pdf', '报告.pdf'],
  ])('refuses %s and says how it would show', (_what, name, shown) => {
    expect(displayFileName(name)).toBe(shown);
    expect(fileNameProblem(name)).toBe(
      `the file name must not contain control, invisible or direction-changing characters (it would show as "${shown}")`,
    );
  });

  it.each([' .pdf', '\u3000\u3000.pdf', '\u3164.pdf'])(
    'refuses a name with nothing visible before the extension: %j',
    (name) => {
      expect(fileNameProblem(name)).toMatch(/visible characters before its extension|invisible/);
    },
  );

  it('still refuses paths', () => {
    expect(fileNameProblem('../../etc/passwd.pdf')).toMatch(/path separators/);
    expect(fileNameProblem('..\\boot.pdf')).toMatch(/path separators/);
  });
});
