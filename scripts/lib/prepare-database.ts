/** Schema migrations, the seeded agencies and departments, then the initial administrator if missing: what every start-up path does to the database. */
import type { Config } from '../../src/shared/config';
import { createDataSource, migrate } from '../../src/shared/db';
import { seedOrganisations } from '../../src/organisations';
import { ensureInitialAdmin } from '../../src/users';

export async function prepareDatabase(
  url: string,
  config: Config,
): Promise<{ applied: string[]; adminCreated: boolean }> {
  const applied = await migrate(url);
  const ds = await createDataSource(url).initialize();
  try {
    await seedOrganisations(ds);
    return {
      applied,
      adminCreated: await ensureInitialAdmin(ds, config.ADMIN_USERNAME, config.ADMIN_PASSWORD),
    };
  } finally {
    await ds.destroy();
  }
}
