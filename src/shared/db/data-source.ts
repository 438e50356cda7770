/**
 * The typeorm DataSource of the project registry. Schema changes go through migrations in
 * `db/migrations` only; `synchronize` is never used.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { migrations } from '../../../db/migrations';
import { entities } from './entities';

export interface DatabaseCoordinates {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function parseDatabaseUrl(url: string): DatabaseCoordinates {
  const u = new URL(url);
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') {
    throw new Error(`DATABASE_URL must start with mysql:// or mariadb://, got ${u.protocol}//`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(database)) {
    throw new Error(`DATABASE_URL must name a database of letters, digits and _ (got "${database}")`);
  }
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database,
  };
}

export function createDataSource(url: string): DataSource {
  const c = parseDatabaseUrl(url);
  return new DataSource({
    type: 'mysql',
    host: c.host,
    port: c.port,
    username: c.user,
    password: c.password,
    database: c.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    // DECIMAL and BIGINT come back as strings: money and Zeebe keys must never pass through a float
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: false,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false, // errors propagate to the caller, which logs them in our structured logs
    extra: { connectionLimit: 10 },
  });
}
