/**
 * A Zeebe cluster for a drill: `size` brokers (node ids 0…size-1), each with its embedded gateway,
 * its own loopback ports and data folder, every partition replicated on every broker. Any member can
 * be SIGKILLed and started again on its data. No exporter: the drills need no OpenSearch.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDistribution, type Distribution } from '../../scripts/lib/camunda-dist';
import { camundaEnvironment, camundaPorts } from '../../scripts/lib/camunda-runtime';
import { findJdk, type Jdk } from '../../scripts/lib/java';
import { terminate, waitFor } from '../../scripts/lib/lifecycle';
import { assertPortsFree } from '../../scripts/lib/ports';
import { camundaAddresses, type Config } from '../../src/shared/config';
import { drillConfig, drillDir, killOnExit } from './lib';

/** What a gateway reports of the cluster (gRPC `topology()` or REST /v2/topology), roles upper-case. */
export interface Topology {
  brokers: { nodeId: number; partitions: { partitionId: number; role: string; health: string }[] }[];
}

/**
 * Member i's ports: 10 apart from 27560 / 28340 / 29860 on (above the single-broker drills' block,
 * 27500–27552 etc., and away from the test slots' 16400/18080/19600 + N×1000).
 */
function memberPorts(nodeId: number): Record<string, string> {
  const offset = 60 + 10 * nodeId;
  return {
    CAMUNDA_GRPC_PORT: String(27500 + offset),
    CAMUNDA_INTERNAL_PORT: String(27501 + offset),
    CAMUNDA_REST_PORT: String(28280 + offset),
    CAMUNDA_MANAGEMENT_PORT: String(29800 + offset),
  };
}

interface Member {
  nodeId: number;
  config: Config;
  dataDir: string;
  child?: ChildProcess;
}

export class DrillCluster {
  private constructor(
    private readonly members: Member[],
    private readonly clusterEnv: Record<string, string>,
    private readonly dist: Distribution,
    private readonly jdk: Jdk,
  ) {}

  /** A fresh cluster: its old data is removed first. Nothing runs until `start`. */
  static async create(
    name: string,
    opts: { size: number; partitions: number; heap: string },
  ): Promise<DrillCluster> {
    const members = Array.from({ length: opts.size }, (_, nodeId) => {
      const config = drillConfig(name, { ...memberPorts(nodeId), CAMUNDA_HEAP: opts.heap });
      return { nodeId, config, dataDir: path.join(drillDir(config, name), `broker-${nodeId}`) };
    });
    for (const m of members) fs.rmSync(m.dataDir, { recursive: true, force: true });
    const dist = await ensureDistribution(members[0]!.config.CACHE_DIR, members[0]!.config.CAMUNDA_VERSION);
    const clusterEnv = {
      ZEEBE_BROKER_CLUSTER_CLUSTERSIZE: String(opts.size),
      ZEEBE_BROKER_CLUSTER_REPLICATIONFACTOR: String(opts.size),
      ZEEBE_BROKER_CLUSTER_PARTITIONSCOUNT: String(opts.partitions),
      // every member's internal API (command API port + 1)
      ZEEBE_BROKER_CLUSTER_INITIALCONTACTPOINTS: members
        .map((m) => `127.0.0.1:${m.config.CAMUNDA_INTERNAL_PORT + 1}`)
        .join(','),
      // segments are preallocated: 128 MB × partitions × brokers is needless on one disk
      ZEEBE_BROKER_DATA_LOGSEGMENTSIZE: '16MB',
    };
    return new DrillCluster(members, clusterEnv, dist, findJdk());
  }

  get size(): number {
    return this.members.length;
  }

  /** Member `nodeId`'s configuration: a client connected with it talks to that broker's gateway. */
  config(nodeId: number): Config {
    return this.member(nodeId).config;
  }

  /** Starts every member at once (none is ready before a quorum is), resolves when all are ready. */
  async start(): Promise<void> {
    await Promise.all(this.members.map((m) => this.startMember(m.nodeId)));
  }

  /** Starts one member on its data; resolves when its gateway answers with a leader for every partition. */
  async startMember(nodeId: number): Promise<void> {
    const m = this.member(nodeId);
    await assertPortsFree(camundaPorts(m.config));
    fs.mkdirSync(m.dataDir, { recursive: true });
    const logFile = path.join(m.dataDir, 'camunda.log');
    const log = fs.openSync(logFile, 'a');
    const child = spawn(path.join(this.dist.home, 'bin', 'broker'), [], {
      cwd: this.dist.home,
      env: {
        ...camundaEnvironment(m.config, this.jdk, m.dataDir),
        ...this.clusterEnv,
        ZEEBE_BROKER_CLUSTER_NODEID: String(nodeId),
      },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    m.child = child;
    killOnExit(child);
    const { management } = camundaAddresses(m.config);
    try {
      await waitFor(
        `broker ${nodeId}`,
        async () =>
          (await fetch(`${management}/actuator/health/readiness`, { signal: AbortSignal.timeout(2_000) })
            .then((r) => r.ok)
            .catch(() => false)) && this.leadersOf(await topologyOf(m.config)).size === this.partitions,
        m.config.CAMUNDA_START_TIMEOUT_S * 1000,
        () => child.exitCode === null && child.signalCode === null,
      );
    } catch (e) {
      await terminate(child, 10_000);
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      throw new Error(`${(e as Error).message}\n--- last lines of ${logFile} ---\n${tail}`, { cause: e });
    }
  }

  /** SIGKILL: no clean shutdown, as in a crash or a lost machine. */
  async kill(nodeId: number): Promise<void> {
    const m = this.member(nodeId);
    const child = m.child;
    m.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.members.map(async (m) => {
        if (m.child) await terminate(m.child, 30_000);
        m.child = undefined;
      }),
    );
  }

  /** The topology as member `nodeId`'s gateway sees it; no brokers while it does not answer. */
  topology(nodeId: number): Promise<Topology> {
    return topologyOf(this.member(nodeId).config);
  }

  /** Partition → leader node id, as a topology reports it. */
  leadersOf(topology: Topology): Map<number, number> {
    const leaders = new Map<number, number>();
    for (const b of topology.brokers)
      for (const p of b.partitions) if (p.role === 'LEADER') leaders.set(p.partitionId, b.nodeId);
    return leaders;
  }

  /** Every member listed, every partition with a leader and `size` healthy replicas. */
  fullyReplicated(topology: Topology): boolean {
    if (topology.brokers.length < this.size) return false;
    const replicas = new Map<number, number>();
    for (const b of topology.brokers)
      for (const p of b.partitions)
        if (p.health === 'HEALTHY' && p.role !== 'INACTIVE')
          replicas.set(p.partitionId, (replicas.get(p.partitionId) ?? 0) + 1);
    return (
      this.leadersOf(topology).size === this.partitions &&
      [...replicas.values()].filter((n) => n === this.size).length === this.partitions
    );
  }

  private get partitions(): number {
    return Number(this.clusterEnv.ZEEBE_BROKER_CLUSTER_PARTITIONSCOUNT);
  }

  private member(nodeId: number): Member {
    const m = this.members[nodeId];
    if (!m) throw new Error(`no broker ${nodeId} in a cluster of ${this.size}`);
    return m;
  }
}

/** The topology as member `config`'s gateway sees it (REST /v2/topology); none while it does not answer. */
async function topologyOf(config: Config): Promise<Topology> {
  const body = await fetch(`${camundaAddresses(config).rest}/v2/topology`, {
    signal: AbortSignal.timeout(2_000),
  })
    .then((r) => (r.ok ? (r.json() as Promise<Topology>) : { brokers: [] }))
    .catch(() => ({ brokers: [] }));
  return {
    brokers: body.brokers.map((b) => ({
      nodeId: b.nodeId,
      partitions: b.partitions.map((p) => ({
        partitionId: p.partitionId,
        role: p.role.toUpperCase(),
        health: p.health.toUpperCase(),
      })),
    })),
  };
}
