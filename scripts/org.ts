/**
 * `npm run org -- import <file.json>`: agencies, departments and people in bulk, into the project
 * registry (DATABASE_URL) and the identity provider's realm (KEYCLOAK_PORT, KEYCLOAK_REALM, as
 * KEYCLOAK_ADMIN). Idempotent: a second run of the same file changes nothing and says so.
 * The file's shape is in the README ("One identity").
 */
import fs from 'node:fs';
import { loadConfig } from '../src/shared/config';
import { createDataSource } from '../src/shared/db';
import { formatReport, importOrganisation, orgFileSchema } from './lib/org-import';
import { realmAdmin } from './lib/services/keycloak-realm';

async function main(): Promise<void> {
  const [command, file] = process.argv.slice(2);
  if (command !== 'import' || !file) throw new Error('usage: npm run org -- import <file.json>');
  const parsed = orgFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file}:\n  ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`,
    );
  const config = loadConfig();
  const admin = await realmAdmin(
    `http://127.0.0.1:${config.KEYCLOAK_PORT}`,
    { user: config.KEYCLOAK_ADMIN, password: config.KEYCLOAK_ADMIN_PASSWORD },
    config.KEYCLOAK_REALM,
  );
  const ds = await createDataSource(config.DATABASE_URL).initialize();
  try {
    console.log(formatReport(await importOrganisation(ds, admin, parsed.data)));
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
