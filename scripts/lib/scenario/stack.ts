/**
 * The scenario runner's own stack: the test profile's services on ports of their own (the test
 * stack's + 500, in the slot TEST_STACK_SLOT chooses), database `<name>_scenario[_<slot>]`, data
 * under `DATA_DIR/scenario[-<slot>]`. Broker, OpenSearch, Tasklist and Operate data are removed
 * before each run: the clock only moves forward, and a fresh broker must not meet records of an
 * earlier one (it reuses their keys).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../../src/shared/config';
import { testOverrides } from '../test-profile';

const PORT_SHIFT = 500;
const PORT_SETTINGS = [
  'CAMUNDA_GRPC_PORT',
  'CAMUNDA_REST_PORT',
  'CAMUNDA_MANAGEMENT_PORT',
  'CAMUNDA_INTERNAL_PORT',
  'DB_PRIVATE_PORT',
  'API_PORT',
  'OPENSEARCH_HTTP_PORT',
  'KEYCLOAK_PORT',
  'OPERATE_PORT',
  'TASKLIST_PORT',
] as const;

export function scenarioOverrides(base: Config): Record<string, string> {
  const test = testOverrides(base);
  const out: Record<string, string> = { ...test };
  for (const k of PORT_SETTINGS) out[k] = String(Number(test[k]) + PORT_SHIFT);
  const url = new URL(test.DATABASE_URL!);
  url.pathname = url.pathname.replace(/_test(?=_\d+$|$)/, '_scenario');
  out.DATABASE_URL = url.toString();
  return out;
}

export function scenarioProfile(base: Config = loadConfig()): { config: Config; profileDir: string } {
  const config = loadConfig({ ...process.env, ...scenarioOverrides(base) });
  const slot = base.TEST_STACK_SLOT;
  return { config, profileDir: path.join(config.DATA_DIR, slot === 0 ? 'scenario' : `scenario-${slot}`) };
}

/** Removes what must be fresh in each run (Keycloak and the database server's files stay). */
export function clearRunData(profileDir: string): void {
  for (const dir of ['camunda', 'opensearch', 'tasklist', 'operate']) {
    fs.rmSync(path.join(profileDir, dir), { recursive: true, force: true });
  }
}
