/**
 * The whole stack `npm start` runs — database, OpenSearch, Keycloak (realm seeded), broker,
 * Tasklist, Operate, the deployment, then the workers and the API — on the benchmarks' own ports
 * and data: when each process started and became ready, and its resident memory (with its child
 * processes) after an idle period. Two runs: a first start on fresh data (downloads cached), then a
 * restart on the data kept. Prints a table and a Markdown block for bench/RESULTS.md, and writes a
 * timeline chart to bench/results/<name>.svg.
 * `npm run bench -- footprint [idle seconds] [name] [restart]` (restart: the restart alone, on kept data)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { loadConfig, paths, type Config } from '../src/shared/config';
import { deployApplication, superviseApplication, type ApplicationProcess } from '../scripts/lib/application';
import { CAMUNDA_JDK, defaultJvmRoots, findJdk } from '../scripts/lib/java';
import { Lifecycle, waitFor } from '../scripts/lib/lifecycle';
import { KEYCLOAK_JDK } from '../scripts/lib/services/keycloak';
import { OPENSEARCH_JDK } from '../scripts/lib/services/opensearch';
import { cpuSeconds, residentMiB } from '../scripts/lib/services/service';
import { benchBackend, benchProfileDir, type BenchSettings } from './lib';
import { writeTimeline } from './plot';

/** The stack's parts in start order: the backend's keys, then the application's steps. */
const PARTS = [
  ['database', 'database (migrated)'],
  ['opensearch', 'OpenSearch'],
  ['keycloak', 'Keycloak (realm seeded)'],
  ['camunda', 'broker'],
  ['tasklist', 'Tasklist'],
  ['operate', 'Operate'],
  ['deploy', 'deployment'],
  ['workers', 'workers'],
  ['api', 'API'],
] as const;

/** What each application process logs once it is ready (src/main.ts, workers/index.ts). */
const READY_LINE: Record<ApplicationProcess, string> = {
  workers: 'all workers started',
  api: 'API listening',
};

interface Part {
  /** seconds since the stack's start */
  started: number;
  ready: number;
  /** CPU seconds its processes used until ready (undefined for a step in this process) */
  cpu?: number;
  /** MiB after the idle period; undefined for a step that leaves no process */
  rss?: number;
}

interface Run {
  name: string;
  parts: Record<string, Part>;
  /** seconds from the stack's start until the API and the workers are ready */
  ready: number;
  /** MiB of every process of the stack after the idle period */
  rss: number;
  /** 1-minute load average at the start and after the idle period */
  load: [number, number];
  idle: number;
  /** the database server's version */
  database: string;
}

/** The pid of the process listening on this TCP port (Linux /proc; a server the stack did not start). */
function listenerPid(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local address "ADDR:PORT" in hex, state 0A = LISTEN, inode in column 10
      if (f[3] === '0A' && parseInt(f[1]?.split(':')[1] ?? '', 16) === port) inodes.add(f[9]!);
    }
  }
  for (const pid of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(pid);
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return undefined;
}

const load1 = () => os.loadavg()[0]!;

async function startAndMeasure(
  name: string,
  fresh: boolean,
  idle: number,
  lifecycle: Lifecycle,
): Promise<Run> {
  console.log(`\n=== ${name} ===`);
  const loadAtStart = load1();
  const t0 = Date.now();
  try {
    return await measure(name, fresh, idle, lifecycle, t0, loadAtStart);
  } finally {
    // also after a failure: nothing of this run is left running
    await lifecycle.stop();
  }
}

async function measure(
  name: string,
  fresh: boolean,
  idle: number,
  lifecycle: Lifecycle,
  t0: number,
  loadAtStart: number,
): Promise<Run> {
  const sec = (t: number) => (t - t0) / 1000;
  const parts: Record<string, Part> = {};
  const pids: Record<string, number | undefined> = {};
  let logFile = '';
  // as `npm start`: the deployment, the workers and the API once the database and the broker are ready
  const application = async ({ config, env }: BenchSettings) => {
    const deployStart = Date.now();
    await deployApplication(config, env.DATABASE_URL!);
    parts.deploy = { started: sec(deployStart), ready: sec(Date.now()) };
    logFile = path.join(benchProfileDir(config), 'application.log');
    const log = fs.createWriteStream(logFile, { flags: 'a' });
    lifecycle.onStop('application log', async () => void log.end());
    const appStart = Date.now();
    let gaveUp: string | undefined;
    const supervisor = superviseApplication({
      env: { ...env, LOG_PRETTY: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      onGiveUp: (reason) => (gaveUp = reason),
    });
    lifecycle.onStop('workers and API', () => supervisor.stop());
    for (const p of ['workers', 'api'] as const) {
      const child = supervisor.process(p);
      pids[p] = child?.pid;
      for (const stream of [child?.stdout, child?.stderr]) {
        stream?.on('data', (chunk: Buffer) => {
          log.write(chunk);
          if (parts[p] === undefined && chunk.toString('utf8').includes(READY_LINE[p])) {
            parts[p] = {
              started: sec(appStart),
              ready: sec(Date.now()),
              cpu: child?.pid ? cpuSeconds(child.pid) : undefined,
            };
          }
        });
      }
    }
    await waitFor(
      'API and workers',
      async () => {
        if (gaveUp) throw new Error(`${gaveUp} (log: ${logFile})`);
        return parts.api !== undefined && parts.workers !== undefined;
      },
      120_000,
    );
  };
  const { backend } = await benchBackend(
    // a loaded machine may need more than the default 180 s for the broker
    { CAMUNDA_WEBAPPS: 'true', CAMUNDA_CLOCK_CONTROLLED: 'false', CAMUNDA_START_TIMEOUT_S: '900' },
    { freshDatabase: fresh, lifecycle, whenBrokerReady: application },
  );
  Object.assign(pids, backend.pids);
  for (const [key] of PARTS) {
    const ready = backend.timings[key];
    const own = backend.startToReady[key];
    if (ready === undefined || own === undefined) continue;
    const readyAt = backend.startedAt + ready;
    parts[key] = { started: sec(readyAt - own), ready: sec(readyAt), cpu: backend.cpuToReady[key] };
  }
  // the database server: this run's private one, or a shared server (its memory serves others too)
  pids.database = listenerPid(Number(new URL(backend.databaseUrl).port || 3306));
  if (parts.database && pids.database) parts.database.cpu = cpuSeconds(pids.database);
  const database = await databaseVersion(backend.databaseUrl);

  const ready = Math.max(...Object.values(parts).map((p) => p.ready));
  console.log(`stack ready ${ready.toFixed(1)} s after its start; idle for ${idle} s…`);

  await new Promise((r) => setTimeout(r, idle * 1000));
  let rss = 0;
  for (const [key, pid] of Object.entries(pids)) {
    if (pid === undefined || !parts[key]) continue;
    parts[key].rss = residentMiB(pid);
    rss += parts[key].rss;
  }
  return { name, parts, ready, rss, load: [loadAtStart, load1()], idle, database };
}

function table(runs: Run[]): string {
  const head = [
    'process',
    ...runs.flatMap((r) => [`${r.name}: start → ready`, 'since stack start', 'CPU to ready', 'RSS idle']),
  ];
  const fmt = (n: number | undefined, unit: string) =>
    n === undefined ? '—' : `${n.toFixed(unit === 'MiB' ? 0 : 1)} ${unit}`;
  const rows = PARTS.map(([key, label]) => [
    label + (key === 'database' ? ' ¹' : ''),
    ...runs.flatMap((r) => {
      const p = r.parts[key];
      return p
        ? [fmt(p.ready - p.started, 's'), fmt(p.ready, 's'), fmt(p.cpu, 's'), fmt(p.rss, 'MiB')]
        : ['—', '—', '—', '—'];
    }),
  ]);
  rows.push([
    '**whole stack**',
    ...runs.flatMap((r) => [
      '',
      `**${r.ready.toFixed(1)} s**`,
      `${Object.values(r.parts)
        .reduce((sum, p) => sum + (p.cpu ?? 0), 0)
        .toFixed(0)} s`,
      `**${r.rss.toFixed(0)} MiB**`,
    ]),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function databaseVersion(url: string): Promise<string> {
  const conn = await mysql.createConnection(url);
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v');
    return (rows as { v: string }[])[0]!.v;
  } finally {
    await conn.end();
  }
}

function versions(c: Config, db: string): string {
  const jdk = (req: typeof CAMUNDA_JDK) => {
    try {
      return findJdk(process.env, defaultJvmRoots(), req).version;
    } catch {
      return '?';
    }
  };
  return (
    `Node ${process.versions.node}, Camunda ${c.CAMUNDA_VERSION} (broker, Tasklist, Operate on Java ${jdk(CAMUNDA_JDK)}), ` +
    `OpenSearch ${c.OPENSEARCH_VERSION} (Java ${jdk(OPENSEARCH_JDK)}), Keycloak ${c.KEYCLOAK_VERSION} (Java ${jdk(KEYCLOAK_JDK)}), database ${db}`
  );
}

/** `only`: "restart" runs the restart alone, on the data an earlier run kept. */
export async function footprint(idleArg?: number, name = 'stack-footprint', only?: string): Promise<void> {
  const base = benchProfileDir(loadConfig());
  const idle = idleArg ?? 60;
  const restartOnly = only === 'restart';
  if (restartOnly && !fs.existsSync(path.join(base, 'camunda'))) {
    throw new Error(`no data kept in ${base}: run "npm run bench -- footprint" first`);
  }
  // fresh data: every service's folder; the database is recreated by the first run
  for (const part of restartOnly
    ? []
    : ['mariadb', 'opensearch', 'keycloak', 'camunda', 'tasklist', 'operate']) {
    fs.rmSync(path.join(base, part), { recursive: true, force: true });
  }
  let current: Lifecycle | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void (current?.stop() ?? Promise.resolve()).then(() => process.exit(130)));
  }
  const runs: Run[] = [];
  const plan = [
    ['first start', true],
    ['restart', false],
  ] as const;
  for (const [label, fresh] of restartOnly ? plan.slice(1) : plan) {
    current = new Lifecycle();
    runs.push(await startAndMeasure(label, fresh, idle, current));
  }

  const machine =
    `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${os.release()}, ` +
    `load average (1 min) ${runs.map((r) => `${r.name} ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`).join(', ')}`;
  const chart = writeTimeline(path.join(paths.repoRoot, 'bench', 'results', `${name}.svg`), {
    title: `npm start: each process from its start to ready (${new Date().toISOString().slice(0, 10)})`,
    xLabel: 'seconds since the stack started',
    rows: PARTS.map(([, label]) => label),
    runs: runs.map((r) => ({
      name: `${r.name} (ready ${r.ready.toFixed(0)} s)`,
      bars: PARTS.flatMap(([key, label]) => {
        const p = r.parts[key];
        return p ? [{ row: label, from: p.started, to: p.ready }] : [];
      }),
    })),
  });
  console.log(`
## Stack footprint — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Machine: ${machine}.
Versions: ${versions(loadConfig(), runs[0]!.database)}.
Command: \`npm run bench -- footprint ${idle} ${name}${restartOnly ? ' restart' : ''}\` (RSS after ${idle} s idle; chart: [${path.basename(chart)}](results/${path.basename(chart)}))

${table(runs)}

¹ the database server the stack found running (shared), or its private one.
`);
}
