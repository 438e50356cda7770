import { parseDatabaseUrl } from '../../src/shared/db/data-source';
import type { Config } from '../../src/shared/config';

/**
 * Ports and names of the test (and benchmark) stack: offset from the dev defaults so both can
 * run at once, and a database of its own (`<name>_test`).
 */
export function testOverrides(base: Config): Record<string, string> {
  const db = parseDatabaseUrl(base.DATABASE_URL);
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/${db.database}_test`;
  return {
    CAMUNDA_GRPC_PORT: '36500',
    CAMUNDA_REST_PORT: '18080',
    CAMUNDA_MANAGEMENT_PORT: '19600',
    CAMUNDA_INTERNAL_PORT: '36501',
    CAMUNDA_CLOCK_CONTROLLED: 'true',
    DATABASE_URL: url.toString(),
    DB_PRIVATE_PORT: '3317',
    API_PORT: '13000',
    OPENSEARCH_HTTP_PORT: '19200',
    KEYCLOAK_PORT: '18180',
    OPERATE_PORT: '18081',
    TASKLIST_PORT: '18082',
    // the test stack is the broker and the database; the web apps have their own tests and command
    CAMUNDA_WEBAPPS: 'false',
  };
}
