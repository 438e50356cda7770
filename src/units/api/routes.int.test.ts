import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../audit';
import { openDataSource, signedIn, submittedProject, testApp } from '../../shared/testing';
import { Role } from '../../users';
import { DishonestEntityEntity } from '../data-access/unit.entities';

const BAD_UNIT = { creditCode: '91350100M000100Y43', name: '某某信息技术有限公司' };

describe('units and the dishonest-entity list (M22.2)', () => {
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let code: string;

  let OWNER: string;
  let OTHER: string;
  let FINANCE: string;

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds);
    OWNER = await signedIn(ds, 'unit-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    OTHER = await signedIn(ds, 'unit-edu', [Role.DepartmentApplicant], { departmentCode: 'edu' });
    FINANCE = await signedIn(ds, 'unit-finance', [Role.AgencyOfficer], { agencyCode: 'finance' });
    code = await submittedProject(app, OWNER, { title: '电子证照系统' });
  });
  afterAll(() => ds.destroy());

  const assign = (auth: string, role: string, body: object) =>
    request(app).put(`/api/projects/${code}/units/${role}`).set('authorization', auth).send(body);

  it('records a unit for the owning department, with an audit entry', async () => {
    const res = await assign(OWNER, 'designer', { creditCode: '91350100M000100Y43', name: '某某设计院' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      projectCode: code,
      role: 'designer',
      creditCode: '91350100M000100Y43',
      assignedBy: 'unit-psb',
    });
    const trail = await auditTrail(ds, 'project', code);
    expect(trail.map((e) => e.action)).toContain('unit.assign.designer');
  });

  it('refuses a department applicant listing an entity, and bad listings with reasons', async () => {
    const denied = await request(app)
      .post('/api/dishonest-entities')
      .set('authorization', OWNER)
      .send({ ...BAD_UNIT, reason: '提供虚假报价材料，情节严重', listedFrom: '2026-01-01' });
    expect(denied.status).toBe(403);
    const bad = await request(app)
      .post('/api/dishonest-entities')
      .set('authorization', FINANCE)
      .send({ ...BAD_UNIT, creditCode: '91350100M000100Y44', reason: 'short', listedFrom: '2026-01-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/check character of 91350100M000100Y44 should be 3/);
    expect(bad.body.detail).toMatch(/state the reason/);
  });

  it.each([
    ['30 February', { listedFrom: '2025-02-30' }, 'listedFrom'],
    ['a zero date', { listedFrom: '2020-00-00' }, 'listedFrom'],
    ['31 April as the end', { listedFrom: '2026-01-01', listedUntil: '2026-04-31' }, 'listedUntil'],
    ['a name of zero-width spaces', { listedFrom: '2026-01-01', name: '\u200B'.repeat(4) }, 'name'],
    [
      'a reason with a right-to-left override',
      { listedFrom: '2026-01-01', reason: '提供虚假\u202E报价材料，情节严重' },
      'reason',
    ],
  ])('refuses a listing with %s: 400 naming the field, nothing written', async (_what, fields, field) => {
    // given the number of listings, when an officer lists an entity with a bad field
    const listings = () => ds.getRepository(DishonestEntityEntity).count();
    const before = await listings();
    const res = await request(app)
      .post('/api/dishonest-entities')
      .set('authorization', FINANCE)
      .send({ ...BAD_UNIT, reason: '提供虚假报价材料，情节严重', ...fields });
    // then it is a 400 naming the field, and the list is unchanged
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: field }));
    expect(await listings()).toBe(before);
  });

  it('publishes a listing to every signed-in user, and a listed unit can no longer be chosen', async () => {
    // given Finance lists the unit after a performance evaluation
    const listed = await request(app)
      .post('/api/dishonest-entities')
      .set('authorization', FINANCE)
      .send({ ...BAD_UNIT, reason: '绩效评价中提供虚假材料，失信', listedFrom: '2026-01-01' });
    expect(listed.status).toBe(201);
    expect(listed.body).toMatchObject({
      decidedByAgency: 'finance',
      listedBy: 'unit-finance',
      listedUntil: null,
    });

    // then every department sees it
    const published = await request(app).get('/api/dishonest-entities').set('authorization', OTHER);
    expect(published.body.map((d: { creditCode: string }) => d.creditCode)).toContain(BAD_UNIT.creditCode);

    // and choosing it as supervisor is refused with the reason (M22.2), changing nothing
    const res = await assign(OWNER, 'supervisor', BAD_UNIT);
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(
      /is on the dishonest-entity list since 2026-01-01 and cannot be chosen \(M22.2\)/,
    );
    const [{ n }] = await ds.query(
      'SELECT COUNT(*) AS n FROM project_unit WHERE project_code = ? AND role = ?',
      [code, 'supervisor'],
    );
    expect(Number(n)).toBe(0);
  });

  it('keeps other departments and bad roles out', async () => {
    expect(
      (await assign(OTHER, 'contractor', { creditCode: '91350100M000100Y43', name: 'x公司' })).status,
    ).toBe(404);
    const badRole = await assign(OWNER, 'architect', { creditCode: '91350100M000100Y43', name: 'x公司' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.detail).toMatch(/role must be designer, contractor or supervisor/);
  });
});
