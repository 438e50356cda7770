import { usernameProblem, usernameSkeleton } from './usernames';

describe('usernameSkeleton', () => {
  it.each([
    ['upper case', 'ADMIN'],
    ['mixed case', 'Admin'],
    ['an accent', 'ádmin'],
    ['a combining accent', 'a\u0301dmin'],
    ['full-width letters', 'ａｄｍｉｎ'],
    ['a zero-width space', 'ad\u200Bmin'],
    ['a zero-width joiner at the end', 'admin\u200D'],
    ['a soft hyphen', 'ad\u00ADmin'],
    ['a trailing space', 'admin '],
    ['the dotless i', 'admın'],
  ])('given %s, when folded, then it looks like "admin"', (_what, name) => {
    expect(usernameSkeleton(name)).toBe(usernameSkeleton('admin'));
  });

  it('keeps different names apart', () => {
    expect(usernameSkeleton('admin2')).not.toBe(usernameSkeleton('admin'));
    expect(usernameSkeleton('张三')).not.toBe(usernameSkeleton('李四'));
  });
});

describe('usernameProblem', () => {
  it.each(['admin', 'zhang.san', '张三', 'li-si_2', 'Wang Wu'])('accepts %j', (name) => {
    expect(usernameProblem(name)).toBeUndefined();
  });

  it.each([
    ['empty', '', /required/],
    ['a trailing space', 'admin ', /begin or end with a space/],
    ['a leading space', ' admin', /begin or end with a space/],
    ['a NUL byte', 'admin\u0000', /control, invisible/],
    ['a newline', 'ad\nmin', /control, invisible/],
    ['a zero-width space', 'ad\u200Bmin', /control, invisible/],
    ['a right-to-left override', 'admin\u202Egpj', /control, invisible/],
    ['a Hangul filler (default-ignorable)', 'admin\u3164', /control, invisible/],
    ['a variation selector', 'admin\uFE0F', /control, invisible/],
    ['a tab', 'ad\tmin', /control, invisible/],
    ['an ideographic space', 'ad\u3000min', /whitespace/],
    ['a colon', 'ad:min', /":"/],
    ['full-width letters', 'ａｄｍｉｎ', /normal form/],
    ['65 characters', 'a'.repeat(65), /at most 64/],
  ])('refuses %s', (_what, name, reason) => {
    expect(usernameProblem(name)).toMatch(reason);
  });
});
