import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../audit';
import {
  drainOutbox,
  openDataSource,
  signedIn,
  submittedProject,
  testApp,
  testCamunda,
  testConfig,
  unreachableCamunda,
} from '../../shared/testing';
import { Role } from '../../users';
import { dispatchOutbox, outboxSettings } from '../domain/dispatcher';

describe('/api/admin/outbox', () => {
  const camunda = testCamunda();
  const settings = outboxSettings(testConfig());
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let ADMIN: string;
  let OFFICER: string;
  let code: string;
  let id: string;

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds);
    ADMIN = await signedIn(ds, 'outbox-admin', [Role.Administrator]);
    OFFICER = await signedIn(ds, 'outbox-officer', [Role.AgencyOfficer], { agencyCode: 'eib' });
    const applicant = await signedIn(ds, 'outbox-edu', [Role.DepartmentApplicant], { departmentCode: 'edu' });
    // given a message the dispatcher gave up on while Camunda was unreachable
    await drainOutbox(ds, camunda);
    code = await submittedProject(app, applicant);
    const unreachable = await unreachableCamunda();
    const result = await dispatchOutbox(ds, unreachable.zeebe, { ...settings, maxAttempts: 1 });
    await unreachable.close();
    expect(result.gaveUp.map((m) => m.aggregateId)).toEqual([code]);
    id = result.gaveUp[0]!.id;
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });

  const list = (auth: string, query: string) =>
    request(app).get(`/api/admin/outbox${query}`).set('authorization', auth);
  const retry = (auth: string, messageId: string) =>
    request(app).post(`/api/admin/outbox/${messageId}/retry`).set('authorization', auth);
  const idsOf = (res: request.Response) => res.body.items.map((m: { id: string }) => m.id);

  it('lets only administrators list or retry', async () => {
    expect((await list(OFFICER, '?status=failed')).status).toBe(403);
    expect((await retry(OFFICER, id)).status).toBe(403);
    expect((await request(app).get('/api/admin/outbox')).status).toBe(401);
  });

  it('shows a failed message with its attempts and last error, apart from the pending ones', async () => {
    const failed = await list(ADMIN, '?status=failed&pageSize=100');
    expect(failed.status).toBe(200);
    expect(failed.body.items).toContainEqual(
      expect.objectContaining({
        id,
        kind: 'start-lifecycle',
        aggregateId: code,
        status: 'failed',
        attempts: 1,
        lastError: expect.stringMatching(/UNAVAILABLE/),
        sentAt: null,
      }),
    );
    expect(failed.body.total).toBeGreaterThanOrEqual(1);
    expect(idsOf(await list(ADMIN, '?pageSize=100'))).not.toContain(id);
  });

  it('retries it: pending and due at once, audited, then sent by the dispatcher', async () => {
    // when the administrator retries the message
    const res = await retry(ADMIN, id);

    // then it is pending again with a fresh round of attempts, and the audit log names who did it
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: null,
      failedAt: null,
    });
    expect(idsOf(await list(ADMIN, '?status=pending&pageSize=100'))).toContain(id);
    const [entry] = await auditTrail(ds, 'outbox', id);
    expect(entry).toMatchObject({
      actor: 'outbox-admin',
      action: 'outbox.retry',
      beforeState: expect.objectContaining({ status: 'failed', attempts: 1 }),
      afterState: expect.objectContaining({ status: 'pending', aggregateId: code }),
    });

    // and the next dispatch, with the cluster reachable, sends it
    expect(await dispatchOutbox(ds, camunda.zeebe, settings)).toMatchObject({ sent: 1, failed: 0 });
    expect(idsOf(await list(ADMIN, '?status=sent&pageSize=100'))).toContain(id);
  });

  it('refuses to retry a sent or unknown message, and malformed input, with the reason', async () => {
    const sent = await retry(ADMIN, id);
    expect(sent.status).toBe(409);
    expect(sent.body.detail).toMatch(
      new RegExp(`outbox message ${id} was sent at .*; there is nothing to retry`),
    );
    const unknown = await retry(ADMIN, '999999999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('no outbox message 999999999999');
    const badId = await retry(ADMIN, 'abc');
    expect(badId.status).toBe(400);
    expect(badId.body.detail).toMatch(/message id must be a positive number/);
    const badStatus = await list(ADMIN, '?status=stuck');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.detail).toMatch(/status must be one of pending, failed, sent/);
    const unknownParam = await list(ADMIN, '?status=failed&limit=5');
    expect(unknownParam.status).toBe(400);
  });
});
