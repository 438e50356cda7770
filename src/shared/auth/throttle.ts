/**
 * Throttling of failed sign-ins, per account (the username as sent) and per client address. After
 * `maxFailures` failures a key is locked for `lockoutMs`; once a lock ends, one attempt at a time
 * is let through, and each further failure locks again for twice as long (at most `maxLockoutMs`).
 * Failures are forgotten `windowMs` after the last failure or lock, and an account's on a
 * successful sign-in. Attempts still being verified count as pending, so a burst of parallel
 * guesses cannot all pass the check before the first one fails.
 *
 * State is kept in this process (the API is one process); each map is bounded.
 */
import { isIPv6 } from 'node:net';
import type { Config } from '../config';

export interface SignInThrottleSettings {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  lockoutMs: number;
  maxLockoutMs: number;
  windowMs: number;
}

/** The throttle's settings from the configuration (AUTH_*). */
export function signInThrottleSettings(c: Config): SignInThrottleSettings {
  return {
    maxFailuresPerAccount: c.AUTH_ACCOUNT_FAILURES,
    maxFailuresPerAddress: c.AUTH_ADDRESS_FAILURES,
    lockoutMs: c.AUTH_LOCKOUT_S * 1000,
    maxLockoutMs: c.AUTH_LOCKOUT_MAX_S * 1000,
    windowMs: c.AUTH_FAILURE_WINDOW_S * 1000,
  };
}

interface Counter {
  failures: number;
  pending: number;
  lockedUntil: number;
  last: number;
}

const MAX_KEYS = 10_000;
/** what a client waits for while its earlier attempts are still being verified */
const PENDING_RETRY_MS = 1_000;

class Counters {
  private readonly map = new Map<string, Counter>();
  constructor(
    private readonly maxFailures: number,
    private readonly settings: SignInThrottleSettings,
  ) {}

  /** The counter of `key`, with failures past the window forgotten. */
  private get(key: string, now: number): Counter | undefined {
    const c = this.map.get(key);
    if (c && c.pending === 0 && now - Math.max(c.last, c.lockedUntil) > this.settings.windowMs) {
      this.map.delete(key);
      return undefined;
    }
    return c;
  }

  private getOrCreate(key: string, now: number): Counter {
    let c = this.get(key, now);
    if (!c) {
      if (this.map.size >= MAX_KEYS) this.map.delete(this.map.keys().next().value!);
      c = { failures: 0, pending: 0, lockedUntil: 0, last: now };
      this.map.set(key, c);
    }
    return c;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  waitMs(key: string, now: number): number {
    const c = this.get(key, now);
    if (!c) return 0;
    if (c.lockedUntil > now) return c.lockedUntil - now;
    const busy = c.failures < this.maxFailures ? c.failures + c.pending >= this.maxFailures : c.pending > 0;
    return busy ? PENDING_RETRY_MS : 0;
  }

  begin(key: string, now: number): void {
    this.getOrCreate(key, now).pending += 1;
  }

  /** Ends an attempt; returns the lock (ms) a failure started, or 0. */
  end(key: string, now: number, failed: boolean): number {
    const c = this.getOrCreate(key, now);
    c.pending = Math.max(0, c.pending - 1);
    if (!failed) return 0;
    c.failures += 1;
    c.last = now;
    if (c.failures < this.maxFailures) return 0;
    const lock = Math.min(
      this.settings.maxLockoutMs,
      this.settings.lockoutMs * 2 ** Math.min(30, c.failures - this.maxFailures),
    );
    c.lockedUntil = now + lock;
    return lock;
  }

  reset(key: string): void {
    const c = this.map.get(key);
    if (c) Object.assign(c, { failures: 0, lockedUntil: 0 });
  }
}

/** The throttling key of a client address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64. */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

export class SignInThrottle {
  private readonly accounts: Counters;
  private readonly addresses: Counters;

  constructor(
    settings: SignInThrottleSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.accounts = new Counters(settings.maxFailuresPerAccount, settings);
    this.addresses = new Counters(settings.maxFailuresPerAddress, settings);
  }

  /** Milliseconds until this username may be tried again from this address; 0 when it may now. */
  waitMs(username: string, address: string): number {
    const now = this.now();
    return Math.max(this.accounts.waitMs(username, now), this.addresses.waitMs(address, now));
  }

  /** Marks an attempt as being verified (call `failed` or `succeeded` when it is). */
  begin(username: string, address: string): void {
    const now = this.now();
    this.accounts.begin(username, now);
    this.addresses.begin(address, now);
  }

  /** Records a failed attempt; returns the lock (ms) it started, or 0. */
  failed(username: string, address: string): number {
    const now = this.now();
    return Math.max(this.accounts.end(username, now, true), this.addresses.end(address, now, true));
  }

  /** Records a successful attempt: the account's failures are forgotten, the address's stay. */
  succeeded(username: string, address: string): void {
    this.abandoned(username, address);
    this.accounts.reset(username);
  }

  /** Ends an attempt that could not be verified (e.g. the database failed): counts as neither. */
  abandoned(username: string, address: string): void {
    const now = this.now();
    this.accounts.end(username, now, false);
    this.addresses.end(address, now, false);
  }
}
