import { quietLog } from '../../src/shared/testing';
import { watchGateway } from './gateway-watch';

/** Lets the watch run `n` checks on fake timers. */
async function checks(n: number, intervalMs: number): Promise<void> {
  for (let i = 0; i < n; i++) await jest.advanceTimersByTimeAsync(intervalMs);
}

describe('watchGateway', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('given a gateway that goes away and returns, then the streams are reopened once, on its return', async () => {
    // given answers: up, up, down, down, up, up
    const answers = [true, true, false, false, true, true];
    const reopen = jest.fn(async () => undefined);
    const watch = watchGateway({
      probe: async () => answers.shift()!,
      reopen,
      intervalMs: 1_000,
      log: quietLog(),
    });
    // when two checks pass with the gateway up, then no reopen (positive control below)
    await checks(2, 1_000);
    expect(reopen).not.toHaveBeenCalled();
    // when it is gone for two checks and back for two
    await checks(4, 1_000);
    // then the streams were reopened exactly once
    expect(reopen).toHaveBeenCalledTimes(1);
    await watch.stop();
  });

  it('given a reopen that fails while the broker is still starting, then the next answer tries again', async () => {
    const answers = [false, true, true, true];
    const reopen = jest
      .fn<Promise<void>, []>()
      .mockRejectedValueOnce(new Error('no partition leader'))
      .mockResolvedValue(undefined);
    const watch = watchGateway({
      probe: async () => answers.shift()!,
      reopen,
      intervalMs: 500,
      log: quietLog(),
    });
    await checks(4, 500);
    expect(reopen).toHaveBeenCalledTimes(2);
    await watch.stop();
  });

  it('given a probe that throws, then it counts as gone, and stop ends the checks', async () => {
    const probe = jest
      .fn<Promise<boolean>, []>()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockResolvedValue(true);
    const reopen = jest.fn(async () => undefined);
    const watch = watchGateway({ probe, reopen, intervalMs: 200, log: quietLog() });
    await checks(2, 200);
    expect(reopen).toHaveBeenCalledTimes(1);
    await watch.stop();
    const calls = probe.mock.calls.length;
    await checks(3, 200);
    expect(probe.mock.calls.length).toBe(calls);
  });
});
