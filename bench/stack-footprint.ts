/**
 * Cold start of the backend with the distribution cached (fresh data folder), and the resident
 * memory of the Camunda JVM after it has been idle. `npm run bench -- footprint`
 */
import { benchBackend, rssMiB } from './lib';

export async function footprint(): Promise<void> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { loadConfig } = await import('../src/shared/config');
  fs.rmSync(path.join(loadConfig().DATA_DIR, 'bench', 'camunda'), { recursive: true, force: true });

  const t0 = Date.now();
  const { backend, lifecycle } = await benchBackend();
  const ready = (Date.now() - t0) / 1000;
  const pid = backend.camunda.child.pid!;
  const idleSeconds = 30;
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const rss = rssMiB(pid);
  await lifecycle.stop();
  console.log(`cold start (database + migrations + Camunda ready): ${ready.toFixed(1)} s`);
  console.log(
    `  of which Camunda alone: ${((backend.timings.camunda! - backend.timings.database!) / 1000).toFixed(1)} s`,
  );
  console.log(`Camunda JVM resident memory after ${idleSeconds} s idle: ${rss.toFixed(0)} MiB`);
}
