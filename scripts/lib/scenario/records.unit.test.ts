import { RecordReader } from './records';

/** A broker whose exporter stands at `exported` and an OpenSearch holding `stored`, as fetch sees them. */
function fakeStack() {
  const state = {
    exported: 10,
    stored: [] as { partitionId: number; position: number }[],
    /** the exporter's counters in the broker's metrics: handed, sent, requests started and ended */
    metrics: [10, 10, 1, 1],
  };
  const calls: string[] = [];
  const fetchMock = jest.spyOn(global, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input);
    if (url.endsWith('/actuator/partitions')) {
      return Response.json({ 1: { exportedPosition: state.exported, processedPosition: state.exported } });
    }
    if (url.includes('/actuator/prometheus')) {
      const [handed, sent, started, ended] = state.metrics;
      return new Response(
        [
          `zeebe_exporter_exporting_duration_count{partition="1",exporter="opensearch",valueType="JOB",} ${handed}`,
          `zeebe_opensearch_exporter_bulk_size_sum{partition="1",} ${sent}`,
          `zeebe_opensearch_exporter_bulk_size_count{partition="1",} ${started}`,
          `zeebe_opensearch_exporter_flush_duration_seconds_count{partition="1",} ${ended}`,
        ].join('\n'),
      );
    }
    calls.push(url.includes('_refresh') ? 'refresh' : 'search');
    if (url.includes('_refresh')) return new Response('{}');
    const query = JSON.parse(String(init?.body)) as {
      query: {
        bool: {
          should: { bool: { filter: [unknown, { range: { position: { gt: number; lte: number } } }] } }[];
        };
      };
    };
    const { gt, lte } = query.query.bool.should[0]!.bool.filter[1].range.position;
    const hits = state.stored
      .filter((r) => r.position > gt && r.position <= lte)
      .map((r) => ({ _source: { ...r, key: r.position, intent: 'CREATED', valueType: 'JOB', value: {} } }));
    return new Response(JSON.stringify({ hits: { hits }, _shards: { failed: 0 } }));
  });
  return { state, calls, restore: () => fetchMock.mockRestore() };
}

describe('RecordReader.fetchNew', () => {
  it('given nothing exported since the last read, then it neither refreshes nor searches OpenSearch', async () => {
    // given a reader that has read everything up to the exported position
    const stack = fakeStack();
    try {
      stack.state.stored = [{ partitionId: 1, position: 5 }];
      const reader = new RecordReader('http://search', 'http://broker');
      expect((await reader.fetchNew()).map((r) => r.position)).toEqual([5]);
      expect(stack.calls).toEqual(['refresh', 'search']);
      // when it is asked again with the exporter where it was
      stack.calls.length = 0;
      // then it answers nothing new without a call to OpenSearch
      expect(await reader.fetchNew()).toEqual([]);
      expect(stack.calls).toEqual([]);
      // and once the exporter moved on, it refreshes and reads what came
      stack.state.stored.push({ partitionId: 1, position: 12 });
      stack.state.exported = 12;
      expect((await reader.fetchNew()).map((r) => r.position)).toEqual([12]);
      expect(stack.calls).toEqual(['refresh', 'search']);
    } finally {
      stack.restore();
    }
  });

  it('given a search that missed a shard, then the next call searches again', async () => {
    // given an OpenSearch whose first answer misses a shard
    const stack = fakeStack();
    try {
      const reader = new RecordReader('http://search', 'http://broker');
      const fetchMock = global.fetch as jest.MockedFunction<typeof fetch>;
      const answer = fetchMock.getMockImplementation()!;
      fetchMock.mockImplementation(async (input, init) =>
        String(input).includes('_search')
          ? new Response(JSON.stringify({ hits: { hits: [] }, _shards: { failed: 1 } }))
          : answer(input, init),
      );
      expect(await reader.fetchNew()).toEqual([]);
      expect(await reader.behind()).toBe(true);
      // when the shard answers again
      fetchMock.mockImplementation(answer);
      stack.state.stored = [{ partitionId: 1, position: 7 }];
      stack.calls.length = 0;
      // then the records up to the exported position are read after all
      expect((await reader.fetchNew()).map((r) => r.position)).toEqual([7]);
      expect(stack.calls).toEqual(['refresh', 'search']);
    } finally {
      stack.restore();
    }
  });
});

describe('RecordReader.behind', () => {
  it("given the exporter's position at the processed one, it is behind while the exporter holds records", async () => {
    // given a broker whose exporter is first seen (not yet known idle), then idle longer than its delay
    const stack = fakeStack();
    jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const reader = new RecordReader('http://search', 'http://broker');
      expect(await reader.behind()).toBe(true);
      jest.setSystemTime(2_000);
      expect(await reader.behind()).toBe(false);
      // when records are handed to the exporter, and it sends them
      stack.state.metrics = [14, 10, 1, 1];
      jest.setSystemTime(2_100);
      // then it is behind until the request that sends them has ended
      expect(await reader.behind()).toBe(true);
      stack.state.metrics = [14, 14, 2, 1];
      expect(await reader.behind()).toBe(true);
      stack.state.metrics = [14, 14, 2, 2];
      expect(await reader.behind()).toBe(false);
    } finally {
      jest.useRealTimers();
      stack.restore();
    }
  });
});
