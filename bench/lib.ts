/** Shared by the benchmarks: a broker and database of their own on the test ports, and statistics. */
import fs from 'node:fs';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { CalendarService } from '../src/calendar';
import { LocalFileStorage } from '../src/documents';
import { logger } from '../src/shared/logger';
import path from 'node:path';
import { loadConfig, type Config } from '../src/shared/config';
import { startBackend, type Backend } from '../scripts/lib/backend';
import { Lifecycle } from '../scripts/lib/lifecycle';
import { testOverrides } from '../scripts/lib/test-profile';

export async function benchBackend(extra: Record<string, string> = {}): Promise<{
  config: Config;
  backend: Backend;
  lifecycle: Lifecycle;
}> {
  const base = loadConfig();
  const config = loadConfig({
    ...process.env,
    ...testOverrides(base),
    CAMUNDA_CLOCK_CONTROLLED: 'false',
    ...extra,
  });
  const lifecycle = new Lifecycle();
  lifecycle.stopOnSignals(130);
  const backend = await startBackend(config, lifecycle, {
    profileDir: path.join(config.DATA_DIR, 'bench'),
    freshDatabase: true,
  });
  return {
    config: loadConfig({
      ...process.env,
      ...testOverrides(base),
      ...extra,
      DATABASE_URL: backend.databaseUrl,
    }),
    backend,
    lifecycle,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1]);
  return kb / 1024;
}

/** The API wired for benchmarks: real database, no cluster, silent logs. */
export function benchApp(ds: DataSource) {
  return createApp({
    dataSource: ds,
    camundaRestAddress: 'http://127.0.0.1:9',
    calendar: new CalendarService(ds),
    log: logger().child({}, { level: 'silent' }),
    documents: {
      storage: new LocalFileStorage(path.join(loadConfig().DATA_DIR, 'bench', 'documents')),
      maxBytes: 1024 * 1024,
    },
  });
}
