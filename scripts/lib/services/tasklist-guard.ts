/**
 * The Tasklist guard as a service of the stack (src/tasklist-guard): a small Node process on
 * Tasklist's public port, in front of Tasklist's own port (TASKLIST_PORT + 40), which also links
 * tasks Tasklist imported before their form (in OpenSearch). It starts in seconds and needs nothing
 * else to be up (until Tasklist is, it answers 502).
 */
import path from 'node:path';
import { paths, tasklistGuardOpenSearch, tasklistUpstream, type Config } from '../../../src/shared/config';
import { GUARD_HEALTH_PATH } from '../../../src/tasklist-guard';
import type { LaunchSpec, ServiceStatus, StackService } from './service';

export function createTasklistGuardService(
  config: Config,
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): StackService {
  const health = `http://127.0.0.1:${config.TASKLIST_PORT}${GUARD_HEALTH_PATH}`;
  return {
    name: 'Tasklist guard',
    id: 'tasklist-guard',
    dir,
    startTimeoutMs: 60_000,
    stopTimeoutMs: 10_000,
    ports: () => ({ 'Tasklist guard HTTP': config.TASKLIST_PORT }),
    ensure: async () => undefined,
    async prepare(): Promise<LaunchSpec> {
      return {
        command: path.join(paths.repoRoot, 'node_modules', '.bin', 'tsx'),
        // the folder on the command line lets a stale pid file be recognised (service.ts)
        args: [path.join(paths.repoRoot, 'src', 'tasklist-guard', 'main.ts'), `--instance=${dir}`],
        cwd: paths.repoRoot,
        env: {
          ...env,
          SERVICE_NAME: 'tasklist-guard',
          TASKLIST_PORT: String(config.TASKLIST_PORT),
          TASKLIST_GUARD_HOST: config.TASKLIST_GUARD_HOST,
          TASKLIST_GUARD_UPSTREAM: tasklistUpstream(config),
          TASKLIST_GUARD_OPENSEARCH_URL: tasklistGuardOpenSearch(config),
          TASKLIST_FORMS_RELINK_MS: String(config.TASKLIST_FORMS_RELINK_MS),
        },
      };
    },
    async probe(): Promise<ServiceStatus> {
      try {
        const res = await fetch(health, { signal: AbortSignal.timeout(2_000) });
        return { ready: res.ok, detail: `${health}: HTTP ${res.status}` };
      } catch {
        return { ready: false, detail: `no answer at ${health}` };
      }
    },
  };
}
