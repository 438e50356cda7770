import { retryDelayMs, withTimeout, type OutboxSettings } from './dispatcher';

describe('retryDelayMs', () => {
  const settings: OutboxSettings = {
    intervalMs: 2_000,
    sendTimeoutMs: 10_000,
    retryMaxDelayMs: 300_000,
    maxAttempts: 30,
  };

  it('doubles the wait after each failed send, starting at one interval, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, settings))).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000,
    ]);
    expect(retryDelayMs(9, settings)).toBe(300_000);
    expect(retryDelayMs(1_000, settings)).toBe(300_000);
  });
});

describe('withTimeout', () => {
  it('passes on an answer that comes in time', async () => {
    await expect(withTimeout(Promise.resolve('ok'), 50, 'late')).resolves.toBe('ok');
  });

  it('rejects with the reason when no answer comes in time', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'no answer within 20 ms')).rejects.toThrow(
      'no answer within 20 ms',
    );
  });
});
