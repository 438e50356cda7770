/**
 * Usernames are compared exactly, code point for code point. The database's collation compares
 * them loosely (case- and accent-insensitive, trailing spaces and ignorable characters dropped),
 * so a lookup is always confirmed in code; and a new username is refused when it contains
 * characters a reader cannot see, or when it looks like an existing one.
 */

/** The longest username the app_user column holds. */
export const USERNAME_MAX_LENGTH = 64;

/**
 * What makes two usernames look alike: compatibility forms (full-width letters, ligatures),
 * case, accents and invisible characters are folded away.
 */
export function usernameSkeleton(username: string): string {
  return username
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .normalize('NFKC')
    .trim();
}

/** Why `username` may not be created, or undefined when it may. */
export function usernameProblem(username: string): string | undefined {
  if (!username) return 'a username is required';
  if ([...username].length > USERNAME_MAX_LENGTH)
    return `a username has at most ${USERNAME_MAX_LENGTH} characters`;
  if (username !== username.trim()) return 'a username must not begin or end with a space';
  // control, format (zero-width, bidi overrides), separator and unassigned/private characters
  if (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u.test(username))
    return 'a username must not contain control, invisible or direction-changing characters';
  if (/\s/u.test(username.replace(/ /g, ''))) return 'a username may contain no whitespace but plain spaces';
  // HTTP Basic credentials separate the username from the password by the first colon
  if (username.includes(':')) return 'a username must not contain ":"';
  if (username !== username.normalize('NFKC'))
    return 'a username must be written in its normal form (no full-width or compatibility characters)';
  return undefined;
}
