/**
 * `npm run db:migrate` — applies pending migrations to DATABASE_URL and creates the initial
 * administrator if missing (used by docker-compose's setup service too).
 */
import { loadConfig } from '../src/shared/config';
import { prepareDatabase } from './lib/prepare-database';

const config = loadConfig();
prepareDatabase(config.DATABASE_URL, config)
  .then(({ applied, adminCreated }) => {
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema up to date');
    if (adminCreated) console.log(`created the initial administrator "${config.ADMIN_USERNAME}"`);
  })
  .catch((e) => {
    console.error(`migration failed: ${(e as Error).message}`);
    process.exit(1);
  });
