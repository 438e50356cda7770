/** Reachability of the cluster, as reported on `/health` and waited for by the scripts. */
export interface ComponentHealth {
  status: 'UP' | 'DOWN';
  detail: string;
}

interface Topology {
  brokers: { partitions: { partitionId: number; role: string; health: string }[]; version: string }[];
  partitionsCount: number;
}

/** UP when every partition has a healthy leader, per the REST topology endpoint. */
export async function camundaHealth(restAddress: string, timeoutMs = 2_000): Promise<ComponentHealth> {
  try {
    const res = await fetch(`${restAddress}/v2/topology`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { status: 'DOWN', detail: `topology answered HTTP ${res.status}` };
    const topology = (await res.json()) as Topology;
    const leaders = topology.brokers
      .flatMap((b) => b.partitions)
      .filter((p) => p.role === 'leader' && p.health === 'healthy');
    if (leaders.length < topology.partitionsCount) {
      return {
        status: 'DOWN',
        detail: `${leaders.length}/${topology.partitionsCount} partitions have a healthy leader`,
      };
    }
    return {
      status: 'UP',
      detail: `Zeebe ${topology.brokers[0]?.version ?? '?'}, ${leaders.length} partition(s)`,
    };
  } catch (e) {
    return { status: 'DOWN', detail: `no answer from ${restAddress}: ${(e as Error).message}` };
  }
}
