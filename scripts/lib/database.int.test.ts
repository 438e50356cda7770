import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { ensureDatabase } from './database';
import { freePort, freePortBlock, isPortFree, TEST_SERVICE_PORTS } from './ports';

describe('ensureDatabase', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-db-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts a private MariaDB on its own port when no server answers, and stops it', async () => {
    // given a DATABASE_URL where nothing listens
    const [nobody, privatePort] = [await freePort(), await freePortBlock([], TEST_SERVICE_PORTS)];

    // when the database is ensured with autostart
    const db = await ensureDatabase({
      url: `mysql://root@127.0.0.1:${nobody}/egov_private_check`,
      autostart: true,
      privatePort,
      privateDir: dir,
    });

    try {
      // then the URL points at the private server, which has the database
      expect(db.url).toBe(`mysql://root@127.0.0.1:${privatePort}/egov_private_check`);
      const conn = await mysql.createConnection({
        host: '127.0.0.1',
        port: privatePort,
        user: 'root',
        database: 'egov_private_check',
      });
      const [rows] = await conn.query('SELECT DATABASE() AS db');
      await conn.end();
      expect(rows).toEqual([{ db: 'egov_private_check' }]);
    } finally {
      await db.stop();
    }
    expect(await isPortFree(privatePort)).toBe(true);
  }, 120_000);

  it('says what to do when no server answers and autostart is off', async () => {
    const nobody = await freePort();
    await expect(
      ensureDatabase({
        url: `mysql://root@127.0.0.1:${nobody}/x`,
        autostart: false,
        privatePort: 1,
        privateDir: dir,
      }),
    ).rejects.toThrow(new RegExp(`No MySQL/MariaDB answers at 127.0.0.1:${nobody}[\\s\\S]*set DATABASE_URL`));
  });
});
