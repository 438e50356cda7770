/**
 * `npm run bench -- drill <name> [args]` — fault drills: each starts a broker (and database) of its
 * own, breaks something, recovers, and prints `N started, N completed, N lost, N duplicated`
 * (the hostile-request drill: requests, 5xx, writes, processes alive). Exits 1 when anything was
 * lost or duplicated (written, or a process stopped).
 */
import { brokerKilledDrill } from './broker-killed';
import { clusterMemberLostDrill } from './cluster-member-lost';
import { databaseOutageDrill } from './database-outage';
import { formatHostileCounts, hostileStackDrill } from './hostile-stack';
import { formatCounts, type DrillCounts } from './lib';
import { outboxDrill } from './outbox-engine-outage';
import { workerKilledDrill } from './worker-killed';

const num = (a?: string) => (a ? Number(a) : undefined);
export const drills: Record<string, (args: string[]) => Promise<DrillCounts>> = {
  'broker-killed': ([n]) => brokerKilledDrill(num(n)),
  'worker-killed': ([n]) => workerKilledDrill(num(n)),
  'database-outage': ([n, s]) => databaseOutageDrill(num(n), num(s)),
  outbox: ([n]) => outboxDrill(num(n)),
  'cluster-member-lost': ([n, rate]) => clusterMemberLostDrill(num(n), num(rate)),
};

export async function drill(args: string[]): Promise<void> {
  const [name, ...rest] = args;
  const t = Date.now();
  if (name === 'hostile') {
    const c = await hostileStackDrill(num(rest[0]));
    if (c.findings > 0) console.log(c.report);
    console.log(`drill hostile: ${formatHostileCounts(c)} (${Math.round((Date.now() - t) / 1000)} s)`);
    const alive = c.alive.api && c.alive.workers && c.alive.broker;
    if (c.findings > 0 || c.writes.length > 0 || !alive || !c.controlStarted) process.exitCode = 1;
    return;
  }
  const run = name ? drills[name] : undefined;
  if (!run)
    throw new Error(`usage: npm run bench -- drill ${[...Object.keys(drills), 'hostile'].join('|')} [n]`);
  const counts = await run(rest);
  console.log(`drill ${name}: ${formatCounts(counts)} (${Math.round((Date.now() - t) / 1000)} s)`);
  if (counts.lost > 0 || counts.duplicated > 0 || counts.completed !== counts.started) process.exitCode = 1;
}
