import request from 'supertest';
import type { DataSource } from 'typeorm';
import { openDataSource, signedIn, testApp } from '../../shared/testing';
import { Role } from '../../users';

describe('/api/organisations', () => {
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds);
  });
  afterAll(() => ds.destroy());

  it('lists the agencies and departments with codes and Chinese names to a signed-in department applicant', async () => {
    // given an applicant of the education bureau
    const auth = await signedIn(ds, 'org-edu', [Role.DepartmentApplicant], { departmentCode: 'edu' });
    // when they load the lists for a form
    const res = await request(app).get('/api/organisations').set('authorization', auth);
    // then every seeded agency and department is there, in code order
    expect(res.status).toBe(200);
    expect(res.body.agencies).toContainEqual({
      code: 'eib',
      name: '市经济和信息化局',
      englishName: 'Economy & IT Bureau',
    });
    // (other tests may import agencies of their own into the shared test database)
    const codes: string[] = res.body.agencies.map((a: { code: string }) => a.code);
    expect(codes).toEqual(
      expect.arrayContaining(['archives', 'audit', 'cac', 'city-gov', 'drc', 'eib', 'finance', 'secrecy']),
    );
    expect(codes).toEqual([...codes].sort());
    expect(res.body.departments).toContainEqual({ code: 'chengguan', name: '城关区', isCounty: true });
    expect(res.body.departments).toContainEqual({ code: 'psb', name: '市公安局', isCounty: false });
    expect(res.body.departments.length).toBeGreaterThanOrEqual(20);
  });

  it('needs a signed-in user', async () => {
    const res = await request(app).get('/api/organisations');
    expect(res.status).toBe(401);
  });
});
