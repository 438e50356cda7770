import { hostileStackDrill } from './hostile-stack';

describe('drill: the API under bad input, against the full running stack', () => {
  it('answers every hostile request without a 5xx, writes nothing, and every process keeps working', async () => {
    // given a broker, the workers process and the API process, with a project's lifecycle running
    // when at least 500 hostile requests over every documented operation are sent to the API
    const counts = await hostileStackDrill(600, (line) => process.stdout.write(`${line}\n`));

    // then none got a 5xx (but the task operations, whose Tasklist this stack lacks) or went unanswered, nothing was written, and everything is alive
    expect(counts.requests).toBeGreaterThanOrEqual(500);
    if (counts.findings > 0) throw new Error(`${counts.findings} findings:\n${counts.report}`);
    expect(counts.answers['5xx'] ?? 0).toBe(counts.tasksUnavailable);
    expect(counts.writes).toEqual([]);
    expect(counts.alive).toEqual({ api: true, workers: true, broker: true });
    // and (positive control) the stack still works: a valid proposal starts its lifecycle
    expect(counts.controlStarted).toBe(true);
    // and the requests were refused for what they are (4xx), not lost
    expect(counts.answers['4xx'] ?? 0).toBeGreaterThan(counts.requests / 2);
  }, 600_000);
});
