/**
 * Makes sure the registry database exists. Uses the server at DATABASE_URL when one answers;
 * otherwise, when MariaDB/MySQL binaries are installed and the URL points at this machine,
 * starts a private instance under the data folder on its own port (DB_PRIVATE_PORT).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { parseDatabaseUrl, type DatabaseCoordinates } from '../../src/shared/db/data-source';
import { terminate, waitFor } from './lifecycle';
import { isPortFree } from './ports';

export interface DatabaseHandle {
  /** DATABASE_URL the API, workers and tests must use (may point at the private instance). */
  url: string;
  /** set when this command started a private server */
  privateServer?: { port: number; dataDir: string };
  stop(): Promise<void>;
}

async function serverAnswers(c: DatabaseCoordinates): Promise<Error | undefined> {
  try {
    const conn = await mysql.createConnection({
      host: c.host,
      port: c.port,
      user: c.user,
      password: c.password,
      connectTimeout: 3_000,
    });
    await conn.end();
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

function toUrl(c: DatabaseCoordinates): string {
  const auth = c.password
    ? `${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}`
    : encodeURIComponent(c.user);
  return `mysql://${auth}@${c.host}:${c.port}/${c.database}`;
}

function which(names: string[]): string | undefined {
  const dirs = [
    ...(process.env.PATH ?? '').split(':'),
    '/usr/sbin',
    '/usr/local/sbin',
    '/usr/libexec',
    '/usr/local/mysql/bin',
  ];
  for (const name of names) {
    for (const dir of dirs) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) return p;
    }
  }
  return undefined;
}

async function startPrivateServer(port: number, dataDir: string): Promise<ChildProcess> {
  const server = which(['mariadbd', 'mysqld']);
  if (!server) {
    throw new Error('no MariaDB/MySQL server binary (mariadbd or mysqld) is installed');
  }
  if (!(await isPortFree(port))) {
    throw new Error(`DB_PRIVATE_PORT ${port} is in use by something that does not accept the root login`);
  }
  const isMaria = /mariadb/i.test(spawnSync(server, ['--version'], { encoding: 'utf8' }).stdout ?? '');
  const user = os.userInfo().username;
  const datadir = path.join(dataDir, 'data');
  if (!fs.existsSync(path.join(datadir, 'mysql'))) {
    fs.mkdirSync(datadir, { recursive: true });
    const init = isMaria
      ? spawnSync(
          which(['mariadb-install-db', 'mysql_install_db']) ?? 'mariadb-install-db',
          [
            '--no-defaults',
            `--datadir=${datadir}`,
            '--auth-root-authentication-method=normal',
            '--skip-test-db',
            `--user=${user}`,
          ],
          { encoding: 'utf8' },
        )
      : spawnSync(
          server,
          ['--no-defaults', '--initialize-insecure', `--datadir=${datadir}`, `--user=${user}`],
          {
            encoding: 'utf8',
          },
        );
    if (init.status !== 0) {
      fs.rmSync(datadir, { recursive: true, force: true });
      throw new Error(`initialising a private database in ${datadir} failed:\n${init.stderr || init.stdout}`);
    }
  }
  const child = spawn(
    server,
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${path.join(dataDir, 'mysqld.sock')}`,
      `--pid-file=${path.join(dataDir, 'mysqld.pid')}`,
      `--log-error=${path.join(dataDir, 'error.log')}`,
      `--user=${user}`,
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--default-time-zone=+00:00',
      '--innodb-buffer-pool-size=256M',
    ],
    { stdio: 'ignore' },
  );
  return child;
}

export async function ensureDatabase(opts: {
  url: string;
  autostart: boolean;
  privatePort: number;
  /** folder of the private instance, if one must be started */
  privateDir: string;
  /** drop and recreate the database (the test command) */
  fresh?: boolean;
}): Promise<DatabaseHandle> {
  let coords = parseDatabaseUrl(opts.url);
  let child: ChildProcess | undefined;
  const problem = await serverAnswers(coords);
  if (problem) {
    const local = ['127.0.0.1', 'localhost', '::1'].includes(coords.host);
    const refused = /ECONNREFUSED|ETIMEDOUT|ENOTFOUND/.test(
      String((problem as { code?: string }).code ?? problem.message),
    );
    if (!opts.autostart || !local || !refused) {
      throw new Error(
        `No MySQL/MariaDB answers at ${coords.host}:${coords.port} as "${coords.user}": ${problem.message}\n` +
          'Start a server, or set DATABASE_URL to one (mysql://user:password@host:port/database)' +
          (local
            ? ', or install MariaDB (apt-get install mariadb-server) so a private instance can be started.'
            : '.'),
      );
    }
    const privateCoords = {
      ...coords,
      host: '127.0.0.1',
      port: opts.privatePort,
      user: 'root',
      password: '',
    };
    if (await serverAnswers(privateCoords)) {
      console.log(
        `No database server at ${coords.host}:${coords.port}; starting a private MariaDB on port ${opts.privatePort}…`,
      );
      try {
        child = await startPrivateServer(opts.privatePort, opts.privateDir);
      } catch (e) {
        throw new Error(
          `No MySQL/MariaDB answers at ${coords.host}:${coords.port}, and a private one could not be started: ${(e as Error).message}\n` +
            'Start a server or set DATABASE_URL; to let the scripts start one, install MariaDB (apt-get install mariadb-server).',
          { cause: e },
        );
      }
      const started = child;
      try {
        await waitFor(
          'private MariaDB',
          async () => !(await serverAnswers(privateCoords)),
          60_000,
          () => started.exitCode === null,
        );
      } catch (e) {
        await terminate(started, 10_000);
        const log = path.join(opts.privateDir, 'error.log');
        const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
        throw new Error(`${(e as Error).message}\n--- ${log} ---\n${tail}`, { cause: e });
      }
    }
    coords = privateCoords;
  }

  const conn = await mysql.createConnection({
    host: coords.host,
    port: coords.port,
    user: coords.user,
    password: coords.password,
  });
  try {
    if (opts.fresh) await conn.query(`DROP DATABASE IF EXISTS \`${coords.database}\``);
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${coords.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await conn.end();
  }
  const running = child;
  return {
    url: toUrl(coords),
    privateServer: running ? { port: opts.privatePort, dataDir: opts.privateDir } : undefined,
    async stop() {
      if (running) await terminate(running, 30_000);
    },
  };
}
