import net from 'node:net';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { connectCamunda, type CamundaConnection } from '../../shared/camunda';
import { loadConfig } from '../../shared/config';
import {
  drainOutbox,
  eventually,
  openDataSource,
  signedIn,
  submittedProject,
  testApp,
  testCamunda,
  testConfig,
} from '../../shared/testing';
import { Role } from '../../users';
import { OutboxEntity } from '../data-access/outbox.entity';
import { dispatchOutbox, outboxSettings } from './dispatcher';

describe('outbox dispatcher', () => {
  const camunda = testCamunda();
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let applicant: string;
  // a "gateway" that accepts connections and never answers: a publish waits for ever
  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => sockets.push(socket));
  let silentCamunda: CamundaConnection;
  const settings = { ...outboxSettings(testConfig()), sendTimeoutMs: 1_500 };

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds);
    applicant = await signedIn(ds, 'outbox-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    silentCamunda = connectCamunda(loadConfig({ ...process.env, CAMUNDA_GRPC_PORT: String(port) }));
  });
  afterAll(async () => {
    await silentCamunda.close();
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
    await camunda.close();
    await ds.destroy();
  });

  const messageOf = async (code: string) =>
    ds.getRepository(OutboxEntity).findOneByOrFail({ aggregateId: code });

  it('holds no lock while it waits for Camunda, claims a message once, and gives up on a silent gateway after the send timeout', async () => {
    // given no message due, then one proposal
    await drainOutbox(ds, camunda);
    const code = await submittedProject(app, applicant);

    // when two dispatchers run at once against a gateway that never answers
    const started = Date.now();
    let dispatched = false;
    const dispatching = Promise.all([
      dispatchOutbox(ds, silentCamunda.zeebe, settings),
      dispatchOutbox(ds, silentCamunda.zeebe, settings),
    ]).finally(() => (dispatched = true));
    const [claimed] = await eventually(
      async () => [await messageOf(code)].filter((m) => m.claimToken !== null),
      1_000,
    );

    // then, while the message is claimed and its send is waiting, a new proposal is registered at once
    expect(claimed!.claimedUntil!.getTime()).toBeGreaterThan(Date.now());
    const submittedAt = Date.now();
    const other = await request(app)
      .post('/api/projects')
      .set('authorization', applicant)
      .set('idempotency-key', `outbox-${Date.now()}`)
      .send({
        title: '发送期间提交的项目',
        budgetEstimate: '1000.00',
        category: 'application-system',
        quotaOverrideReason: '集成测试：同一部门的多个测试项目',
      });
    expect(other.status).toBe(201);
    expect(Date.now() - submittedAt).toBeLessThan(1_000);
    expect(dispatched).toBe(false);

    // and only one of the two dispatchers sent it, and it gave up after the send timeout
    const [a, b] = await dispatching;
    const elapsedMs = Date.now() - started;
    expect(a.failed + b.failed).toBe(1);
    expect(a.sent + b.sent).toBe(0);
    expect(elapsedMs).toBeGreaterThanOrEqual(settings.sendTimeoutMs);
    expect(elapsedMs).toBeLessThan(settings.sendTimeoutMs + 3_000);
    const failed = await messageOf(code);
    expect(failed).toMatchObject({
      attempts: 1,
      lastError: 'no answer from Camunda within 1500 ms',
      claimToken: null,
      claimedUntil: null,
      sentAt: null,
      failedAt: null,
    });
    // the first retry waits one dispatch interval
    expect(failed.nextAttemptAt!.getTime() - Date.now()).toBeGreaterThan(0);
    expect(failed.nextAttemptAt!.getTime() - Date.now()).toBeLessThanOrEqual(settings.intervalMs);
  });

  it('marks a message failed after the configured attempts and then leaves it to an administrator', async () => {
    // given no message due, then one proposal, and a limit of two attempts
    await drainOutbox(ds, camunda);
    const code = await submittedProject(app, applicant);
    const twice = { ...settings, maxAttempts: 2 };

    // when two sends time out, each after its back-off
    const first = await dispatchOutbox(ds, silentCamunda.zeebe, twice);
    const afterFirst = await messageOf(code);
    const second = await dispatchOutbox(ds, silentCamunda.zeebe, twice, () => afterFirst.nextAttemptAt!);

    // then the first leaves it pending, the second gives up on it
    expect(first).toMatchObject({ failed: 1, gaveUp: [] });
    expect(second.gaveUp).toEqual([
      { id: afterFirst.id, aggregateId: code, lastError: 'no answer from Camunda within 1500 ms' },
    ]);
    const gaveUp = await messageOf(code);
    expect(gaveUp).toMatchObject({ attempts: 2, sentAt: null });
    expect(gaveUp.failedAt).not.toBeNull();

    // and no dispatcher takes it again, however late, even where the cluster answers
    const muchLater = () => new Date(Date.now() + 86_400_000);
    expect(await dispatchOutbox(ds, camunda.zeebe, twice, muchLater)).toMatchObject({ sent: 0, failed: 0 });
    expect((await messageOf(code)).sentAt).toBeNull();
  });
});
