/** Reachability of the cluster, as reported on `/health` and waited for by the scripts. */
export interface ComponentHealth {
  /** DEGRADED: still serving, but something needs an operator's attention. */
  status: 'UP' | 'DEGRADED' | 'DOWN';
  detail: string;
}

export interface Topology {
  brokers: { partitions: { partitionId: number; role: string; health: string }[]; version: string }[];
  partitionsCount: number;
}

/**
 * Every partition needs a leader that is not dead. A leader flagged "unhealthy" still processes
 * (Zeebe's health monitor also flags it after the controlled clock jumps), so it is DEGRADED, not DOWN.
 */
export function classifyTopology(topology: Topology): ComponentHealth {
  const leaders = topology.brokers.flatMap((b) => b.partitions).filter((p) => p.role === 'leader');
  const version = `Zeebe ${topology.brokers[0]?.version ?? '?'}`;
  const alive = leaders.filter((p) => p.health !== 'dead');
  if (alive.length < topology.partitionsCount) {
    return {
      status: 'DOWN',
      detail: `${version}: ${alive.length}/${topology.partitionsCount} partitions have a leader`,
    };
  }
  const unhealthy = alive.filter((p) => p.health !== 'healthy').map((p) => p.partitionId);
  if (unhealthy.length > 0) {
    return {
      status: 'DEGRADED',
      detail: `${version}: partition(s) ${unhealthy.join(', ')} report unhealthy`,
    };
  }
  return { status: 'UP', detail: `${version}, ${alive.length} partition(s) healthy` };
}

export async function camundaHealth(restAddress: string, timeoutMs = 2_000): Promise<ComponentHealth> {
  try {
    const res = await fetch(`${restAddress}/v2/topology`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { status: 'DOWN', detail: `topology answered HTTP ${res.status}` };
    return classifyTopology((await res.json()) as Topology);
  } catch (e) {
    return { status: 'DOWN', detail: `no answer from ${restAddress}: ${(e as Error).message}` };
  }
}

/** Whether the gateway answers with a leader for every partition (UP or DEGRADED). */
export async function gatewayAnswers(restAddress: string): Promise<boolean> {
  return (await camundaHealth(restAddress)).status !== 'DOWN';
}

/** gRPC status codes that mean "the cluster is not there" (DEADLINE_EXCEEDED, UNAVAILABLE), not "the engine refuses this". */
const UNREACHABLE_CODES = new Set([4, 14]);

/** Whether a Camunda client error says the cluster could not be reached. */
export function isClusterUnreachable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'number' && UNREACHABLE_CODES.has(code);
}

/** Whether a Camunda client error is the broker's backpressure (RESOURCE_EXHAUSTED: "try again later"). */
export function isBackpressure(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 8;
}
