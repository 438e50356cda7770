import { classifyTopology, isBackpressure, isClusterUnreachable, type Topology } from './health';

const topology = (...partitions: { role: string; health: string }[]): Topology => ({
  partitionsCount: 2,
  brokers: [{ version: '8.6.0', partitions: partitions.map((p, i) => ({ partitionId: i + 1, ...p })) }],
});

describe('classifyTopology', () => {
  it('is UP when every partition has a healthy leader', () => {
    const h = classifyTopology(
      topology({ role: 'leader', health: 'healthy' }, { role: 'leader', health: 'healthy' }),
    );
    expect(h).toEqual({ status: 'UP', detail: 'Zeebe 8.6.0, 2 partition(s) healthy' });
  });

  it('is DEGRADED when a leader reports unhealthy, naming the partition', () => {
    const h = classifyTopology(
      topology({ role: 'leader', health: 'healthy' }, { role: 'leader', health: 'unhealthy' }),
    );
    expect(h).toEqual({ status: 'DEGRADED', detail: 'Zeebe 8.6.0: partition(s) 2 report unhealthy' });
  });

  it.each([
    [
      'a partition has no leader',
      [
        { role: 'leader', health: 'healthy' },
        { role: 'follower', health: 'healthy' },
      ],
    ],
    [
      'a leader is dead',
      [
        { role: 'leader', health: 'healthy' },
        { role: 'leader', health: 'dead' },
      ],
    ],
  ])('is DOWN when %s', (_why, partitions) => {
    const h = classifyTopology(topology(...partitions));
    expect(h).toEqual({ status: 'DOWN', detail: 'Zeebe 8.6.0: 1/2 partitions have a leader' });
  });
});

describe('isClusterUnreachable', () => {
  it('is true for UNAVAILABLE and DEADLINE_EXCEEDED, false for a refusal or a plain error', () => {
    const grpc = (code: number) => Object.assign(new Error(`${code}`), { code });
    expect([14, 4, 3, 5].map((c) => isClusterUnreachable(grpc(c)))).toEqual([true, true, false, false]);
    expect(isClusterUnreachable(new Error('14 UNAVAILABLE'))).toBe(false);
    expect(isClusterUnreachable(null)).toBe(false);
  });
});

describe('isBackpressure', () => {
  it('is true for RESOURCE_EXHAUSTED only', () => {
    const grpc = (code: number) => Object.assign(new Error(`${code}`), { code });
    expect([8, 14, 3].map((c) => isBackpressure(grpc(c)))).toEqual([true, false, false]);
    expect(isBackpressure(new Error('8 RESOURCE_EXHAUSTED'))).toBe(false);
    expect(isBackpressure(undefined)).toBe(false);
  });
});
