import { z } from 'zod';
import type { Zeebe } from '../../src/shared/camunda';
import { quietLog } from '../../src/shared/testing';
import { defineWorker, complete } from './index';
import { BACKUP_POLL_MS, startWorkers } from './start';

const worker = defineWorker({
  type: 'test.noop' as never,
  title: '测试',
  description: '测试',
  variables: z.object({}),
  outputs: {},
  handle: async () => complete({}),
});

const grpcError = (code: number, message: string) => Object.assign(new Error(message), { code });

/** A client whose stream opening answers `outcomes` in turn (an error rejects), then succeeds. */
function clientOpening(...outcomes: (Error | 'ok')[]) {
  const streamJobs = jest.fn(async () => {
    const next = outcomes.shift() ?? 'ok';
    if (next !== 'ok') throw next;
    return { close: () => undefined };
  });
  return { zeebe: { streamJobs } as unknown as Zeebe, streamJobs };
}

const start = (zeebe: Zeebe) =>
  startWorkers([worker], {
    zeebe,
    mode: 'stream',
    maxJobs: 1,
    jobTimeoutMs: 1_000,
    log: quietLog(),
    deps: {},
  });

describe('startWorkers in stream mode', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('given a gateway unreachable for the first two openings (connection still in back-off), then the stream opens on the third', async () => {
    // given
    const unreachable = grpcError(14, '14 UNAVAILABLE: No connection established');
    const { zeebe, streamJobs } = clientOpening(unreachable, unreachable, 'ok');

    // when
    const starting = start(zeebe);
    await jest.advanceTimersByTimeAsync(1_000 + 2_000);
    const running = await starting;

    // then
    expect(streamJobs).toHaveBeenCalledTimes(3);
    expect(running.types).toEqual(['test.noop']);
    await running.stop();
  });

  it('given a gateway that stays unreachable, then the start fails after the last wait with its error', async () => {
    // given
    const unreachable = grpcError(14, '14 UNAVAILABLE: No connection established');
    const { zeebe, streamJobs } = clientOpening(...Array.from({ length: 10 }, () => unreachable));

    // when
    const starting = start(zeebe);
    const outcome = expect(starting).rejects.toThrow('14 UNAVAILABLE');
    await jest.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 + 8_000 + 16_000);

    // then: the first opening and five more
    await outcome;
    expect(streamJobs).toHaveBeenCalledTimes(6);
  });

  it("given the broker's backpressure on the first opening (its first poll refused), then the stream opens on the second", async () => {
    // given
    const exhausted = grpcError(
      8,
      "8 RESOURCE_EXHAUSTED: Expected to activate jobs of type 'x' … Please try again later.",
    );
    const { zeebe, streamJobs } = clientOpening(exhausted, 'ok');

    // when
    const starting = start(zeebe);
    await jest.advanceTimersByTimeAsync(1_000);
    const running = await starting;

    // then
    expect(streamJobs).toHaveBeenCalledTimes(2);
    expect(running.types).toEqual(['test.noop']);
    await running.stop();
  });

  it('given an error that is not about reaching the cluster, then the start fails at once', async () => {
    // given
    const { zeebe, streamJobs } = clientOpening(grpcError(3, '3 INVALID_ARGUMENT: bad job type'), 'ok');

    // when / then
    await expect(start(zeebe)).rejects.toThrow('INVALID_ARGUMENT');
    expect(streamJobs).toHaveBeenCalledTimes(1);
  });
});

describe('the back-up poll of a streaming worker', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A client with an open stream, whose polls answer through `activateJobs`. */
  function client(activateJobs: jest.Mock) {
    const streamJobs = jest.fn(async () => ({ close: () => undefined }));
    const completeJob = jest.fn(async () => undefined);
    return { zeebe: { streamJobs, activateJobs, completeJob } as unknown as Zeebe, streamJobs, completeJob };
  }
  const job = {
    key: '2251799813685249',
    processInstanceKey: '2251799813685248',
    bpmnProcessId: 'p',
    elementId: 'e',
    elementInstanceKey: '1',
    customHeaders: {},
    retries: 3,
    variables: {},
  };

  it('given a running worker, when half a minute passes, then it asks for jobs and runs what it gets', async () => {
    // given
    const activateJobs = jest.fn(async () => [job]);
    const { zeebe, streamJobs, completeJob } = client(activateJobs);
    const running = await start(zeebe);

    // when
    await jest.advanceTimersByTimeAsync(BACKUP_POLL_MS);

    // then: the SDK's own poll is off, ours asked once and completed the job
    expect(streamJobs).toHaveBeenCalledWith(expect.objectContaining({ pollInterval: 0 }));
    expect(activateJobs).toHaveBeenCalledTimes(1);
    expect(activateJobs).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'test.noop', requestTimeout: -1 }),
    );
    expect(completeJob).toHaveBeenCalledWith({ jobKey: job.key, variables: {} });
    await running.stop();
  });

  it('given a poll under way when the worker stops, when it answers, then no job runs and no poll follows', async () => {
    // given a poll that answers only when told
    let answer: (jobs: (typeof job)[]) => void = () => undefined;
    const activateJobs = jest.fn(() => new Promise((resolve) => (answer = resolve)));
    const { zeebe, completeJob } = client(activateJobs);
    const running = await start(zeebe);
    await jest.advanceTimersByTimeAsync(BACKUP_POLL_MS);
    expect(activateJobs).toHaveBeenCalledTimes(1);

    // when the worker stops, then the poll answers, and much time passes
    await running.stop();
    answer([job]);
    await jest.advanceTimersByTimeAsync(10 * BACKUP_POLL_MS);

    // then
    expect(completeJob).not.toHaveBeenCalled();
    expect(activateJobs).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
