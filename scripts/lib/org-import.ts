/**
 * Bulk import of agencies, departments and people, into the project registry (agencies and
 * departments) and the identity provider's realm (a group per agency and department, people in
 * their groups), idempotently: what is already there and equal is left alone, so a second run
 * of the same file changes nothing. For first set-up and for tests; day-to-day changes to people
 * are made in the provider's admin console.
 *
 * The file is checked whole before anything is written: a bad code, an unknown group, a username
 * the provider would fold (upper case), one with invisible characters or letters of another script
 * than ASCII (homographs such as Cyrillic а), or two usernames that look alike (in the file, or
 * against the realm's, which may have been created in the console) stop the import with every reason.
 */
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { AgencyEntity, DepartmentEntity } from '../../src/organisations/data-access/organisation.entities';
import { usernameProblem, usernameSkeleton } from '../../src/users';
import {
  ADMINISTRATORS_GROUP,
  ensureGroup,
  organisationGroup,
  PROCESS_OWNERS_GROUP,
  type RealmAdmin,
} from './services/keycloak-realm';

const code = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a code is 1–32 lower-case letters, digits or "-"');

export const orgFileSchema = z.strictObject({
  agencies: z
    .array(
      z.strictObject({ code, name: z.string().min(1).max(100), englishName: z.string().min(1).max(100) }),
    )
    .default([]),
  departments: z
    .array(z.strictObject({ code, name: z.string().min(1).max(100), isCounty: z.boolean().default(false) }))
    .default([]),
  users: z
    .array(
      z.strictObject({
        username: z.string(),
        firstName: z.string().min(1).max(100),
        lastName: z.string().min(1).max(100),
        email: z.email(),
        /** agency or department codes, `process-owners` or `administrators` */
        groups: z.array(z.string()).min(1),
        enabled: z.boolean().default(true),
        /** an initial password the person must change at first sign-in (omit: set in the console) */
        initialPassword: z.string().min(8).optional(),
      }),
    )
    .default([]),
});
export type OrgFile = z.output<typeof orgFileSchema>;

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}
export type ImportReport = Record<'agencies' | 'departments' | 'groups' | 'users', Counts>;

const zero = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });

/** Every reason the file cannot be imported (empty: it can). */
export function problemsOf(file: OrgFile, knownGroups: Set<string>, realmUsernames: string[]): string[] {
  const problems: string[] = [];
  const groups = new Set([
    ...knownGroups,
    ...file.agencies.map((a) => a.code),
    ...file.departments.map((d) => d.code),
    PROCESS_OWNERS_GROUP,
    ADMINISTRATORS_GROUP,
  ]);
  const seen = new Map<string, string>();
  for (const u of realmUsernames) seen.set(usernameSkeleton(u), u);
  const inFile = new Set<string>();
  for (const u of file.users) {
    const name = JSON.stringify(u.username);
    const problem = usernameProblem(u.username);
    if (problem) problems.push(`user ${name}: ${problem}`);
    // the provider folds usernames to lower case: an upper-case name would be a different one here
    else if (u.username !== u.username.toLowerCase())
      problems.push(`user ${name}: write usernames in lower case`);
    // letters of other scripts look like Latin ones (Cyrillic а, Greek ο): imported names are ASCII
    else if (!/^[a-z0-9][a-z0-9._-]*$/.test(u.username))
      problems.push(`user ${name}: use lower-case ASCII letters, digits, ".", "_" or "-" only`);
    else if (inFile.has(u.username)) problems.push(`user ${name}: listed twice`);
    else {
      const other = seen.get(usernameSkeleton(u.username));
      if (other !== undefined && other !== u.username)
        problems.push(`user ${name}: looks like the existing username ${JSON.stringify(other)}`);
      seen.set(usernameSkeleton(u.username), u.username);
      inFile.add(u.username);
    }
    for (const g of u.groups)
      if (!groups.has(g)) problems.push(`user ${name}: no agency or department "${g}"`);
  }
  return problems;
}

interface RealmUser {
  id: string;
  username: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  enabled: boolean;
}

/** Imports `file`; throws with every problem, before writing anything, when it cannot. */
export async function importOrganisation(
  ds: DataSource,
  admin: RealmAdmin,
  file: OrgFile,
): Promise<ImportReport> {
  const { call, realm } = admin;
  const report: ImportReport = { agencies: zero(), departments: zero(), groups: zero(), users: zero() };
  const realmUsers =
    (await call<RealmUser[]>('GET', `${realm}/users?max=100000&briefRepresentation=true`)) ?? [];
  const realmGroups = (await call<{ name: string }[]>('GET', `${realm}/groups?max=100000`)) ?? [];
  const problems = problemsOf(
    file,
    new Set(realmGroups.map((g) => g.name)),
    realmUsers.map((u) => u.username),
  );
  if (problems.length) throw new Error(`the file cannot be imported:\n  ${problems.join('\n  ')}`);

  // the registry: insert or update by code
  const upsert = async <T extends { code: string }>(
    repo: ReturnType<DataSource['getRepository']>,
    rows: T[],
    counts: Counts,
  ) => {
    for (const row of rows) {
      const existing = (await repo.findOneBy({ code: row.code })) as T | null;
      if (!existing) counts.created++;
      else if (Object.entries(row).every(([k, v]) => existing[k as keyof T] === v)) {
        counts.unchanged++;
        continue;
      } else counts.updated++;
      await repo.save(row);
    }
  };
  await upsert(ds.getRepository(AgencyEntity), file.agencies, report.agencies);
  await upsert(ds.getRepository(DepartmentEntity), file.departments, report.departments);

  // the realm: a group per agency and department (the candidate group of their tasks)
  for (const g of [
    ...file.agencies.map((a) => organisationGroup('agency', a.code, a.name)),
    ...file.departments.map((d) => organisationGroup('department', d.code, d.name)),
  ]) {
    report.groups[await ensureGroup(admin, g)]++;
  }

  // people: created with their groups; an existing one gets names, email, enabled and groups again
  for (const u of file.users) {
    const existing = realmUsers.find((r) => r.username === u.username);
    const rep = { firstName: u.firstName, lastName: u.lastName, email: u.email, enabled: u.enabled };
    if (!existing) {
      await call('POST', `${realm}/users`, {
        username: u.username,
        ...rep,
        emailVerified: true,
        groups: u.groups.map((g) => `/${g}`),
        requiredActions: u.initialPassword ? ['UPDATE_PASSWORD'] : [],
        ...(u.initialPassword
          ? { credentials: [{ type: 'password', value: u.initialPassword, temporary: true }] }
          : {}),
      });
      report.users.created++;
      continue;
    }
    let changed = false;
    if (Object.entries(rep).some(([k, v]) => existing[k as keyof RealmUser] !== v)) {
      await call('PUT', `${realm}/users/${existing.id}`, rep);
      changed = true;
    }
    const memberOf = (
      (await call<{ name: string }[]>('GET', `${realm}/users/${existing.id}/groups`)) ?? []
    ).map((g) => g.name);
    for (const g of u.groups.filter((name) => !memberOf.includes(name))) {
      const group = await admin.findGroup(g);
      await call('PUT', `${realm}/users/${existing.id}/groups/${group!.id}`);
      changed = true;
    }
    report.users[changed ? 'updated' : 'unchanged']++;
  }
  return report;
}

export function formatReport(r: ImportReport): string {
  return (Object.entries(r) as [string, Counts][])
    .map(([what, c]) => `${what}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`)
    .join('\n');
}
