/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * alphabet, the last being a check character over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeProblem(code: string): string | undefined {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) {
    return 'a unified social credit code has 18 characters: digits and capital letters except I, O, S, V, Z';
  }
  const sum = WEIGHTS.reduce((acc, w, i) => acc + ALPHABET.indexOf(code[i]!) * w, 0);
  const check = ALPHABET[(31 - (sum % 31)) % 31];
  return code[17] === check ? undefined : `the check character of ${code} should be ${check}`;
}
