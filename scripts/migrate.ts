/** `npm run db:migrate` — applies pending migrations to DATABASE_URL (used by docker-compose too). */
import { loadConfig } from '../src/shared/config';
import { migrate } from '../src/shared/db';

migrate(loadConfig().DATABASE_URL)
  .then((applied) => console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema up to date'))
  .catch((e) => {
    console.error(`migration failed: ${(e as Error).message}`);
    process.exit(1);
  });
