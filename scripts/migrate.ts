/**
 * `npm run db:migrate` — applies pending migrations to DATABASE_URL and creates the initial
 * administrator if missing (used by docker-compose's setup service too).
 */
import { loadConfig } from '../src/shared/config';
import { createDataSource, migrate } from '../src/shared/db';
import { ensureInitialAdmin } from '../src/users';

async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await migrate(config.DATABASE_URL);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema up to date');
  const ds = await createDataSource(config.DATABASE_URL).initialize();
  try {
    if (await ensureInitialAdmin(ds, config.ADMIN_USERNAME, config.ADMIN_PASSWORD)) {
      console.log(`created the initial administrator "${config.ADMIN_USERNAME}"`);
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(`migration failed: ${(e as Error).message}`);
  process.exit(1);
});
