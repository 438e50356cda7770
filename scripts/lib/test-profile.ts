import path from 'node:path';
import { parseDatabaseUrl } from '../../src/shared/db/data-source';
import type { Config } from '../../src/shared/config';

/** The test stack's folder: each service's data, log and pid file under `<folder>/<service>`. */
export const testStackDir = (c: Config): string => path.join(c.DATA_DIR, 'test');

/**
 * Ports and names of the test (and benchmark) stack: offset from the dev defaults so both can
 * run at once, and a database of its own (`<name>_test`). Every port, in every slot and shifted
 * for the scenario stack, stays below the kernel's ephemeral range (32768–60999 on Linux): an
 * outgoing connection there may hold the port when the service binds it (seen: the broker's
 * gRPC port, then 36500, taken while the stack started).
 */
export function testOverrides(base: Config): Record<string, string> {
  const db = parseDatabaseUrl(base.DATABASE_URL);
  const url = new URL(base.DATABASE_URL);
  const slot = base.TEST_STACK_SLOT;
  url.pathname = `/${db.database}_test${slot === 0 ? '' : `_${slot}`}`;
  const port = (p: number) => String(p + slot * 1000);
  return {
    CAMUNDA_GRPC_PORT: port(16400),
    CAMUNDA_REST_PORT: port(18080),
    CAMUNDA_MANAGEMENT_PORT: port(19600),
    CAMUNDA_INTERNAL_PORT: port(16401),
    CAMUNDA_CLOCK_CONTROLLED: 'true',
    DATABASE_URL: url.toString(),
    DB_PRIVATE_PORT: port(3317),
    API_PORT: port(13000),
    OPENSEARCH_HTTP_PORT: port(19200),
    KEYCLOAK_PORT: port(18180),
    OPERATE_PORT: port(18081),
    TASKLIST_PORT: port(18082),
    // the whole runtime: user tasks are found and completed through Tasklist (README, "Tests")
    CAMUNDA_WEBAPPS: 'true',
  };
}
