/**
 * The organisation import against the test stack's database and Keycloak: a first run creates,
 * a second run of the same file changes nothing; the imported person signs in with the new
 * department in their token; a file with a look-alike username or an unknown group changes nothing.
 */
import type { DataSource } from 'typeorm';
import { AgencyEntity, DepartmentEntity } from '../../src/organisations/data-access/organisation.entities';
import { openDataSource, testConfig } from '../../src/shared/testing';
import { serve } from '../../src/shared/testing/browser';
import { identityApp, keycloakBase, signInThroughProvider } from '../../src/shared/testing/identity';
import { formatReport, importOrganisation, orgFileSchema, type OrgFile } from './org-import';
import { realmAdmin, type RealmAdmin } from './services/keycloak-realm';

describe('npm run org -- import', () => {
  let ds: DataSource;
  let admin: RealmAdmin;
  // codes of this run: the test realm outlives a test run
  const run = Date.now().toString(36);
  const file: OrgFile = orgFileSchema.parse({
    agencies: [{ code: `ag-${run}`, name: '测试机构', englishName: 'Test agency' }],
    departments: [
      { code: `dep-${run}`, name: '测试部门', isCounty: false },
      { code: 'psb', name: '市公安局', isCounty: false },
    ],
    users: [
      {
        username: `wang-${run}`,
        firstName: '五',
        lastName: '王',
        email: `wang-${run}@example.invalid`,
        groups: [`dep-${run}`],
        initialPassword: 'first-password',
      },
      {
        username: `zhao-${run}`,
        firstName: '六',
        lastName: '赵',
        email: `zhao-${run}@example.invalid`,
        groups: [`ag-${run}`],
      },
    ],
  });

  beforeAll(async () => {
    ds = await openDataSource();
    const c = testConfig();
    admin = await realmAdmin(
      keycloakBase(),
      { user: c.KEYCLOAK_ADMIN, password: c.KEYCLOAK_ADMIN_PASSWORD },
      c.KEYCLOAK_REALM,
    );
  });
  afterAll(async () => {
    // this run's agency, department, groups and people go: other tests list the organisation
    await ds.getRepository(DepartmentEntity).delete({ code: `dep-${run}` });
    await ds.getRepository(AgencyEntity).delete({ code: `ag-${run}` });
    for (const username of [`wang-${run}`, `zhao-${run}`]) {
      const users = await admin.call<{ id: string }[]>(
        'GET',
        `${admin.realm}/users?username=${username}&exact=true`,
      );
      for (const u of users ?? []) await admin.call('DELETE', `${admin.realm}/users/${u.id}`);
    }
    for (const name of [`ag-${run}`, `dep-${run}`]) {
      const groups = await admin.call<{ id: string; name: string }[]>(
        'GET',
        `${admin.realm}/groups?search=${name}&exact=true`,
      );
      for (const g of (groups ?? []).filter((g) => g.name === name)) {
        await admin.call('DELETE', `${admin.realm}/groups/${g.id}`);
      }
    }
    await ds.destroy();
  });

  it('given a new file, when imported twice, then the first run creates and the second changes nothing', async () => {
    const first = await importOrganisation(ds, admin, file);
    expect(first).toEqual({
      agencies: { created: 1, updated: 0, unchanged: 0 },
      departments: { created: 1, updated: 0, unchanged: 1 },
      groups: { created: 2, updated: 0, unchanged: 1 },
      users: { created: 2, updated: 0, unchanged: 0 },
    });
    const second = await importOrganisation(ds, admin, file);
    expect(formatReport(second)).toBe(
      [
        'agencies: 0 created, 0 updated, 1 unchanged',
        'departments: 0 created, 0 updated, 2 unchanged',
        'groups: 0 created, 0 updated, 3 unchanged',
        'users: 0 created, 0 updated, 2 unchanged',
      ].join('\n'),
    );
    expect(await ds.getRepository(DepartmentEntity).findOneBy({ code: `dep-${run}` })).toMatchObject({
      name: '测试部门',
    });
  });

  it('given an imported person, then they are in their group and must change the initial password', async () => {
    const [user] = (await admin.call<{ id: string; requiredActions: string[] }[]>(
      'GET',
      `${admin.realm}/users?username=wang-${run}&exact=true`,
    ))!;
    expect(user!.requiredActions).toEqual(['UPDATE_PASSWORD']);
    const groups = await admin.call<{ name: string }[]>('GET', `${admin.realm}/users/${user!.id}/groups`);
    expect(groups!.map((g) => g.name)).toEqual([`dep-${run}`]);
  });

  it('given a person moved to another group in the file, then the next import updates only them', async () => {
    const moved = { ...file, users: [{ ...file.users[1]!, groups: [`ag-${run}`, 'process-owners'] }] };
    const report = await importOrganisation(ds, admin, moved);
    expect(report.users).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await importOrganisation(ds, admin, moved)).users).toEqual({
      created: 0,
      updated: 0,
      unchanged: 1,
    });
  });

  it('given an imported person with a password, when they sign in, then the token carries the new department', async () => {
    const c = testConfig();
    // the initial password is temporary: set a permanent one as an administrator would for the test
    const [user] = (await admin.call<{ id: string }[]>(
      'GET',
      `${admin.realm}/users?username=wang-${run}&exact=true`,
    ))!;
    await admin.call('PUT', `${admin.realm}/users/${user!.id}/reset-password`, {
      type: 'password',
      value: 'second-password',
      temporary: false,
    });
    await admin.call('PUT', `${admin.realm}/users/${user!.id}`, { requiredActions: [] });
    const api = await serve(identityApp(ds), c.API_PORT);
    try {
      const r = await signInThroughProvider(api.url, `wang-${run}`, 'second-password');
      expect(r.outcome).toBe('signed-in');
      expect(r.outcome === 'signed-in' && r.user).toMatchObject({
        roles: ['department-applicant'],
        departmentCode: `dep-${run}`,
      });
    } finally {
      await api.stop();
    }
  });

  it.each([
    [
      'a look-alike of an existing username (Cyrillic а)',
      { username: 'psb-\u0430pplicant' },
      /lower-case ASCII/,
    ],
    ['an upper-case username', { username: `Li-${run}` }, /lower case/],
    ['a zero-width character', { username: `li\u200B-${run}` }, /invisible/],
    [
      'an unknown group',
      { username: `li-${run}`, groups: ['no-such-dept'] },
      /no agency or department "no-such-dept"/,
    ],
  ])('given %s, then nothing is imported and the reason is given', async (_what, change, reason) => {
    const bad = orgFileSchema.parse({
      departments: [{ code: `bad-${run}`, name: '不应导入', isCounty: false }],
      users: [{ ...file.users[1]!, ...change }],
    });
    await expect(importOrganisation(ds, admin, bad)).rejects.toThrow(reason);
    expect(await ds.getRepository(DepartmentEntity).findOneBy({ code: `bad-${run}` })).toBeNull();
  });
});
