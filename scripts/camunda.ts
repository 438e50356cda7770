/**
 * `npm run camunda -- <command>`: manage the dev Camunda broker on its own.
 *   versions   list the distribution versions Maven Central publishes
 *   fetch      download, verify and unpack the configured CAMUNDA_VERSION
 *   start      start it in the background (data in DATA_DIR/dev/camunda)
 *   status     readiness and topology
 *   stop       stop the one started by `start`
 *   logs       the last 100 lines of its log
 */
import fs from 'node:fs';
import path from 'node:path';
import { camundaHealth } from '../src/shared/camunda';
import { camundaAddresses, loadConfig } from '../src/shared/config';
import { ensureDistribution, publishedVersions } from './lib/camunda-dist';
import { startCamunda } from './lib/camunda-runtime';
import { findJdk } from './lib/java';
import { waitFor } from './lib/lifecycle';

async function main(): Promise<void> {
  const config = loadConfig();
  const dataDir = path.join(config.DATA_DIR, 'dev', 'camunda');
  const pidFile = path.join(dataDir, 'camunda.pid');
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : undefined;
  const alive = (p?: number) => {
    if (!p) return false;
    try {
      process.kill(p, 0);
      return true;
    } catch {
      return false;
    }
  };

  switch (process.argv[2]) {
    case 'versions': {
      const versions = publishedVersions();
      console.log(versions.join('\n'));
      console.log(`newest: ${versions.at(-1) ?? '(none)'}; configured: ${config.CAMUNDA_VERSION}`);
      return;
    }
    case 'fetch': {
      const dist = await ensureDistribution(config.CACHE_DIR, config.CAMUNDA_VERSION);
      console.log(`Camunda ${dist.version} at ${dist.home}`);
      return;
    }
    case 'start': {
      if (alive(pid)) throw new Error(`already running (pid ${pid}); see "npm run camunda -- status"`);
      const jdk = findJdk();
      const dist = await ensureDistribution(config.CACHE_DIR, config.CAMUNDA_VERSION);
      const c = await startCamunda({ config, dist, jdk, dataDir, detached: true });
      console.log(`Camunda ${dist.version} ready (pid ${c.child.pid}); log: ${c.logFile}`);
      process.exit(0);
      return;
    }
    case 'status': {
      const health = await camundaHealth(camundaAddresses(config).rest);
      console.log(`${health.status}: ${health.detail}${alive(pid) ? ` (pid ${pid})` : ''}`);
      process.exitCode = health.status === 'UP' ? 0 : 1;
      return;
    }
    case 'stop': {
      if (!alive(pid)) {
        console.log('not running');
        return;
      }
      process.kill(pid!, 'SIGTERM');
      await waitFor('Camunda stop', async () => !alive(pid), 60_000);
      fs.rmSync(pidFile, { force: true });
      console.log('stopped');
      return;
    }
    case 'logs': {
      const log = path.join(dataDir, 'camunda.log');
      console.log(
        fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-100).join('\n') : 'no log yet',
      );
      return;
    }
    default:
      console.log('usage: npm run camunda -- versions|fetch|start|status|stop|logs');
      process.exitCode = 2;
  }
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
