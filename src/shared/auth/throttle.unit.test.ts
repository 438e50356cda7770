import { addressKey, SignInThrottle, type SignInThrottleSettings } from './throttle';

const settings: SignInThrottleSettings = {
  maxFailuresPerAccount: 3,
  maxFailuresPerAddress: 5,
  lockoutMs: 10_000,
  maxLockoutMs: 40_000,
  windowMs: 60_000,
};

describe('SignInThrottle', () => {
  let now: number;
  let throttle: SignInThrottle;
  beforeEach(() => {
    now = 1_000_000;
    throttle = new SignInThrottle(settings, () => now);
  });
  const fail = (user = 'alice', address = '10.0.0.1') => {
    throttle.begin(user, address);
    return throttle.failed(user, address);
  };

  it('locks an account after the allowed failures, then doubles the lock with each further failure up to the maximum', () => {
    // given two failures, the account is still open
    expect([fail(), fail()]).toEqual([0, 0]);
    expect(throttle.waitMs('alice', '10.0.0.1')).toBe(0);
    // when the third fails, it is locked for the first lockout
    expect(fail()).toBe(10_000);
    expect(throttle.waitMs('alice', '10.0.0.2')).toBe(10_000);
    // then after the lock one more attempt is let through; failing, it locks for twice as long
    now += 10_000;
    expect(throttle.waitMs('alice', '10.0.0.2')).toBe(0);
    expect(fail('alice', '10.0.0.2')).toBe(20_000);
    now += 20_000;
    expect(fail('alice', '10.0.0.3')).toBe(40_000);
    now += 40_000;
    expect(fail('alice', '10.0.0.4')).toBe(40_000);
    // and another account is not affected
    expect(throttle.waitMs('bob', '10.0.0.9')).toBe(0);
  });

  it('locks a client address that tries many accounts', () => {
    // given five failures from one address, each for another username
    for (const user of ['u1', 'u2', 'u3', 'u4']) expect(fail(user)).toBe(0);
    expect(fail('u5')).toBe(10_000);
    // then any username from that address waits, and other addresses do not
    expect(throttle.waitMs('fresh', '10.0.0.1')).toBe(10_000);
    expect(throttle.waitMs('fresh', '10.0.0.2')).toBe(0);
  });

  it('counts attempts still being verified, so parallel guesses cannot all pass the check', () => {
    // given three attempts started at once (the allowed failures), none verified yet
    for (let i = 0; i < 3; i++) {
      expect(throttle.waitMs('alice', '10.0.0.1')).toBe(0);
      throttle.begin('alice', '10.0.0.1');
    }
    // then a fourth waits until they are verified
    expect(throttle.waitMs('alice', '10.0.0.1')).toBeGreaterThan(0);
    // and once they fail the account is locked
    for (let i = 0; i < 3; i++) throttle.failed('alice', '10.0.0.1');
    expect(throttle.waitMs('alice', '10.0.0.1')).toBe(10_000);
  });

  it("forgets an account's failures on success, but not the address's", () => {
    fail();
    fail();
    throttle.begin('alice', '10.0.0.1');
    throttle.succeeded('alice', '10.0.0.1');
    // the account starts again: two more failures do not lock it
    expect([fail(), fail()]).toEqual([0, 0]);
    // the address has counted four failures: the fifth locks it
    expect(fail('bob')).toBe(10_000);
  });

  it('forgets failures after the window', () => {
    fail();
    fail();
    now += settings.windowMs + 1;
    expect([fail(), fail()]).toEqual([0, 0]);
    expect(fail()).toBe(10_000);
  });

  it('releases an attempt that could not be verified without counting it', () => {
    for (let i = 0; i < 3; i++) {
      throttle.begin('alice', '10.0.0.1');
      throttle.abandoned('alice', '10.0.0.1');
    }
    expect(throttle.waitMs('alice', '10.0.0.1')).toBe(0);
  });
});

describe('addressKey', () => {
  it.each([
    ['10.1.2.3', '10.1.2.3'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::9', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('keys %s as %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});
