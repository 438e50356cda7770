import { clusterMemberLostDrill } from './cluster-member-lost';

describe('drill: cluster member lost', () => {
  it('keeps working when a partition leader of a 3-broker cluster is killed, loses and duplicates nothing, and takes the broker back', async () => {
    // given a 3-broker cluster (3 partitions, replication factor 3) taking 10 new instances a second
    // when a broker that leads a partition is SIGKILLed a third of the way through 150 instances
    const r = await clusterMemberLostDrill(150, 10, () => undefined);

    // then every acknowledged instance completes, each side effect once
    expect(r).toMatchObject({ lost: 0, duplicated: 0 });
    expect(r.completed).toBe(r.started);
    expect(r.started + r.startErrors).toBe(150);
    // and the kill hit a leader with work in flight (positive control)
    expect(r.ledPartitions.length).toBeGreaterThan(0);
    expect(r.inFlightAtKill).toBeGreaterThan(0);
    // and its partitions got new leaders and did work again
    expect(r.newLeadersSeconds).toBeLessThan(60);
    expect(r.takesWorkSeconds).toBeLessThan(60);
    expect(r.workAgainSeconds).toBeLessThan(60);
    // and the killed broker, started again on its data, rejoined with every partition replicated 3×
    expect(r.rejoinSeconds).not.toBeNull();
  }, 480_000);
});
