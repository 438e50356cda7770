import crypto from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../audit';
import { openDataSource, signedIn, submittedProject, testApp } from '../../shared/testing';
import { Role } from '../../users';
import { ChangeRequestEntity } from '../data-access/change-request.entity';

describe('/api/projects/{code}/changes (M16)', () => {
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let PSB: string;
  let EDU: string;
  let ADMIN: string;

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds);
    PSB = await signedIn(ds, 'change-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    EDU = await signedIn(ds, 'change-edu', [Role.DepartmentApplicant], { departmentCode: 'edu' });
    ADMIN = await signedIn(ds, 'change-admin', [Role.Administrator]);
  });
  afterAll(() => ds.destroy());

  /** A new project of psb with an approved estimate of 1 000 000.00 yuan. */
  const project = async () => {
    const code = await submittedProject(app, PSB, {
      title: '建设内容变更测试项目',
      budgetEstimate: '1000000.00',
    });
    // changes are requested during construction (the lifecycle sets the stage)
    await ds.query("UPDATE project SET stage = 'construction' WHERE code = ?", [code]);
    return code;
  };
  const change = (code: string, adjustmentAmount: unknown, auth = PSB, key = `chg-${crypto.randomUUID()}`) =>
    request(app)
      .post(`/api/projects/${code}/changes`)
      .set('authorization', auth)
      .set('idempotency-key', key)
      .send({ description: '调整建设内容：合并两个子系统', adjustmentAmount });
  const rowsOf = (code: string) =>
    ds.getRepository(ChangeRequestEntity).find({ where: { projectCode: code }, order: { id: 'ASC' } });

  it('refuses a change of a project that is not under construction, with the reason, and writes nothing', async () => {
    // given a project still waiting for its pre-review
    const code = await submittedProject(app, PSB, { title: '尚未建设的项目', budgetEstimate: '1000000.00' });
    // when its department requests a change
    const res = await change(code, '-1000.00');
    // then 409 names the stage and M16, and no change is recorded
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/is at stage "(proposal|intake|awaiting-pre-review)".*M16/);
    expect(await rowsOf(code)).toEqual([]);
  });

  it('files changes up to 15.00 % cumulative (mixed signs) and sends 15.01 % to approval', async () => {
    // given a project of 1 000 000.00 with −100 000.00 and +30 000.00 (13.00 %)
    const code = await project();
    expect((await change(code, '-100000.00')).body).toMatchObject({
      route: 'file',
      state: 'filed',
      cumulativeAdjustmentRatio: '0.1000',
    });
    expect((await change(code, '30000.00')).status).toBe(201);

    // when +20 000.00 brings the cumulative absolute adjustment to 150 000.00
    const atLimit = await change(code, '20000.00');
    // then 15.00 % is filed by the department
    expect(atLimit.status).toBe(201);
    expect(atLimit.body).toMatchObject({
      projectCode: code,
      adjustmentAmount: '20000.00',
      cumulativeAdjustmentRatio: '0.1500',
      route: 'file',
      state: 'filed',
      requestedBy: 'change-psb',
    });
    expect(atLimit.body).not.toHaveProperty('idempotencyKey');

    // when one fen more is adjusted (an administrator may request it too)
    const above = await change(code, '-0.01', ADMIN);
    // then 15.0001 % (stored rounded up, 15.01 %) needs the EIB's approval
    expect(above.status).toBe(201);
    expect(above.body).toMatchObject({
      cumulativeAdjustmentRatio: '0.1501',
      route: 'approve',
      state: 'submitted',
    });

    const list = await request(app).get(`/api/projects/${code}/changes`).set('authorization', PSB);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      approvedEstimate: '1000000.00',
      netAdjustment: '-50000.01',
      cumulativeAdjustment: '150000.01',
      cumulativeAdjustmentRatio: '0.1501',
    });
    expect(list.body.changes.map((c: { route: string }) => c.route)).toEqual([
      'file',
      'file',
      'file',
      'approve',
    ]);
    const audit = (await auditTrail(ds, 'project', code)).filter(
      (e) => e.action === 'project.change.requested',
    );
    expect(audit).toHaveLength(4);
    expect(audit[3]!.afterState).toMatchObject({
      rule: 'M16',
      route: 'approve',
      cumulativeAdjustment: '150000.01',
    });
  });

  it('refuses a change that would exceed the approved estimate and writes nothing; a valid one is written', async () => {
    // given a project with a decrease of 10 000.00
    const code = await project();
    expect((await change(code, '-10000.00')).status).toBe(201);
    const before = await rowsOf(code);
    const auditBefore = (await auditTrail(ds, 'project', code)).length;

    // when an increase of 10 000.01 would take the total to 1 000 000.01
    const refused = await change(code, '10000.01');
    // then it is refused with the reason, naming adjustmentAmount, and the table is unchanged
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/^adjustmentAmount: .*1000000\.01 yuan, above the approved estimate/);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'adjustmentAmount' })]);
    expect(await rowsOf(code)).toEqual(before);
    expect(await auditTrail(ds, 'project', code)).toHaveLength(auditBefore);

    // and (positive control) an increase of exactly 10 000.00 — back to the estimate — is written
    const valid = await change(code, '10000.00');
    expect(valid.status).toBe(201);
    expect(await rowsOf(code)).toHaveLength(before.length + 1);
  });

  it.each([['abc'], ['-'], ['1e5'], ['12.345'], [''], ['0.00'], [5000]])(
    'refuses the amount %p naming adjustmentAmount, writing nothing',
    async (amount) => {
      const code = await project();
      const res = await change(code, amount);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('adjustmentAmount');
      expect(await rowsOf(code)).toHaveLength(0);
    },
  );

  it("answers 404 to another department and 403 to a participating department's applicant", async () => {
    // given a project of psb with edu participating, and one of psb alone
    const shared = await submittedProject(app, PSB, { participatingDepartments: ['edu'] });
    const own = await project();
    const HEALTH = await signedIn(ds, 'change-health', [Role.DepartmentApplicant], {
      departmentCode: 'health',
    });
    // then another department gets 404 as for a missing project, reading or writing
    for (const res of [
      await change(own, '-1.00', HEALTH),
      await request(app).get(`/api/projects/${own}/changes`).set('authorization', HEALTH),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe(`no project ${own} that you may see`);
    }
    // and the participating department reads the changes but may not request one
    expect((await change(shared, '-1.00', EDU)).status).toBe(403);
    expect((await request(app).get(`/api/projects/${shared}/changes`).set('authorization', EDU)).status).toBe(
      200,
    );
    expect(await rowsOf(own)).toHaveLength(0);
    expect(await rowsOf(shared)).toHaveLength(0);
  });

  it('answers a replay with the same row, and refuses the key for a different change', async () => {
    // given a change sent with a key
    const code = await project();
    const key = `chg-${crypto.randomUUID()}`;
    const first = await change(code, '-2500.50', PSB, key);
    expect(first.status).toBe(201);
    // when the same request is sent again with the same key
    const again = await change(code, '-2500.50', PSB, key);
    // then it answers 200 with the same row, and nothing new is written
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await rowsOf(code)).toHaveLength(1);
    // and the same key with another amount is a conflict
    const other = await change(code, '-2500.51', PSB, key);
    expect(other.status).toBe(409);
    expect(await rowsOf(code)).toHaveLength(1);
  });
});
