import { creditCodeProblem } from './credit-code';

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(['91350100M000100Y43'])('accepts the published example %s', (code) => {
    expect(creditCodeProblem(code)).toBeUndefined();
  });

  it('names the expected check character when it is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe(
      'the check character of 91350100M000100Y44 should be 3',
    );
  });

  it.each(['91350100M000100Y4', '9135010OM000100Y43', '91350100m000100y43', "1'; DROP TABLE unit; --"])(
    'rejects the shape of %s',
    (code) => {
      expect(creditCodeProblem(code)).toMatch(/18 characters/);
    },
  );
});
