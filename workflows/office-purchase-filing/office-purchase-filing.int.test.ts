/**
 * `office-purchase-filing` (M10.3) on the real broker with the controlled clock and its workers,
 * started through POST /api/office-purchases (and once as Tasklist's start form does): a filing in
 * time, a late one (the month passes while the department's task is open), one started after its
 * month had passed, and bad input refused before any process starts. Dates are relative to the
 * broker's clock, never to today's.
 */
import crypto from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { addDays, addMonths, shanghaiDateOf } from '../../src/calendar/domain/local-date';
import { findBreachesOfProject } from '../../src/deadlines';
import { NotificationEntity } from '../../src/notifications/data-access/notification.entity';
import { filingDueAt } from '../../src/office-purchases';
import { OfficePurchaseFilingEntity } from '../../src/office-purchases/data-access/office-purchase-filing.entity';
import { ProcessId } from '../../src/shared/bpmn';
import {
  eventually,
  deployFolder,
  openDataSource,
  signedIn,
  testApp,
  testCamunda,
  workerDeps,
} from '../../src/shared/testing';
import { userTasks } from '../../src/shared/testing/user-tasks';
import { Role } from '../../src/users';
import { deadlineRecordBreachWorker } from '../../workers/deadline-record-breach';
import { officePurchaseRecordFilingWorker } from '../../workers/office-purchase-record-filing';
import { officePurchaseRegisterWorker } from '../../workers/office-purchase-register';
import { testWorkers } from '../../workers/runtime/testing';
import { brokerTime } from '../../src/shared/testing/broker-time';

describe('office-purchase-filing process (M10.3)', () => {
  const camunda = testCamunda();
  const tasks = userTasks();
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let psb: string;
  let admin: string;
  /** how far the broker's clock runs ahead of the wall clock; the API and the workers follow it */
  const time = brokerTime(camunda.clock);

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds, { now: time.now });
    psb = await signedIn(ds, 'purchase-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    admin = await signedIn(ds, 'purchase-admin', [Role.Administrator]);
    await deployFolder(camunda, __dirname);
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });
  const workers = testWorkers(
    camunda.zeebe,
    time,
    [officePurchaseRegisterWorker, officePurchaseRecordFilingWorker, deadlineRecordBreachWorker],
    (now) => workerDeps(ds, now),
  );
  beforeEach(workers.start);
  afterEach(workers.stop);

  const { moveTo } = time;
  const today = () => shanghaiDateOf(time.now());

  const purchase = (purchaseCompletedOn: string, overrides: object = {}) => ({
    purchaseKind: 'office-equipment',
    description: '机关大楼三层办公电脑及打印机采购',
    amountYuan: '86000.00',
    purchaseCompletedOn,
    ...overrides,
  });
  const file = (body: object, auth = psb, key = `it-${crypto.randomUUID()}`) =>
    request(app)
      .post('/api/office-purchases')
      .set('authorization', auth)
      .set('idempotency-key', key)
      .send(body);
  const filingOf = (code: string) => ds.getRepository(OfficePurchaseFilingEntity).findOneByOrFail({ code });

  /** Polls until the instance has an open task of `elementId`. */
  const openTask = async (processInstanceKey: string, elementId: string) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const task = (await tasks.tasksOfInstance(processInstanceKey)).find((t) => t.elementId === elementId);
      if (task) return task;
      if (Date.now() > deadline) throw new Error(`no open ${elementId} in ${processInstanceKey}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  /** The department files, then the EIB registers; resolves with the recorded filing. */
  const fileAndRegister = async (code: string, processInstanceKey: string) => {
    const submit = await openTask(processInstanceKey, 'submit-filing');
    await tasks.complete(submit.userTaskKey, { filingSummary: '采购合同、验收单及发票扫描件' });
    const register = await openTask(processInstanceKey, 'register-filing-with-eib');
    expect(register.candidateGroups).toEqual(['eib']);
    await tasks.complete(register.userTaskKey, { eibRegistrationNo: '经信备〔2026〕15号' });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const filing = await filingOf(code);
      if (filing.filedAt) return filing;
      if (Date.now() > deadline) throw new Error(`filing ${code} was not recorded`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const escalationsOf = (code: string) =>
    ds.getRepository(NotificationEntity).findBy({ projectCode: code, kind: 'deadline-escalated' });

  it('given a purchase completed today, when the department files and the EIB registers it within the month, then it is recorded in time, with no breach', async () => {
    // given a purchase the psb completed today (broker time)
    const completedOn = today();
    const key = `it-${crypto.randomUUID()}`;

    // when the department files it through the API
    const res = await file(purchase(completedOn), psb, key);

    // then the filing is registered, due at the end of the day a month later, and its process runs
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      departmentCode: 'psb',
      purchaseKind: 'office-equipment',
      amountYuan: '86000.00',
      purchaseCompletedOn: completedOn,
      dueAt: filingDueAt(completedOn).toISOString(),
      filedAt: null,
      overdue: false,
    });
    const { code, processInstanceKey } = res.body as { code: string; processInstanceKey: string };
    expect(code).toMatch(/^BA-\d{4}-\d{4,6}$/);
    expect(processInstanceKey).toMatch(/^\d+$/);
    // and a replay of the same request answers the same filing without a second instance
    const replay = await file(purchase(completedOn), psb, key);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ code, processInstanceKey });

    // the department's task is its own group's, due at the filing deadline
    const submit = await openTask(processInstanceKey, 'submit-filing');
    expect(submit.candidateGroups).toEqual(['psb']);
    expect(new Date(submit.dueDate!).toISOString()).toBe(filingDueAt(completedOn).toISOString());

    // when the department files and the EIB registers it
    const filing = await fileAndRegister(code, processInstanceKey);

    // then it is recorded as filed in time …
    expect(filing).toMatchObject({
      late: false,
      eibRegistrationNo: '经信备〔2026〕15号',
      filingSummary: '采购合同、验收单及发票扫描件',
    });
    // … with no breach and no escalation (the late filing below is the control: the same reads find its rows)
    expect(await findBreachesOfProject(ds, code)).toEqual([]);
    expect(await escalationsOf(code)).toEqual([]);
    const list = await request(app).get('/api/office-purchases?department=psb').set('authorization', psb);
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ code, overdue: false, late: false }));
  });

  it('given an open filing, when its month passes, then the breach is recorded under M10.3 and escalated, the task stays open, and the filing is then recorded as late', async () => {
    // given a purchase whose filing month ends within a few days of the broker's now
    let completedOn = addMonths(today(), -1);
    while (filingDueAt(completedOn).getTime() < time.now().getTime() + 3_600_000)
      completedOn = addDays(completedOn, 1);
    const dueAt = filingDueAt(completedOn);
    const res = await file(purchase(completedOn, { purchaseKind: 'security-equipment' }));
    expect(res.status).toBe(201);
    const { code, processInstanceKey } = res.body as { code: string; processInstanceKey: string };
    const task = await openTask(processInstanceKey, 'submit-filing');

    // when the clock stands a minute before the deadline: nothing yet
    await moveTo(new Date(dueAt.getTime() - 60_000));
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await findBreachesOfProject(ds, code)).toEqual([]);

    // when it passes the deadline
    await moveTo(new Date(dueAt.getTime() + 30_000));

    // then the breach is recorded against the filing under M10.3 …
    const [breach] = await eventually(() => findBreachesOfProject(ds, code), 30_000);
    expect(breach).toMatchObject({
      deadline: 'office-purchase-filing',
      rule: 'M10.3',
      bpmnProcessId: ProcessId.OfficePurchaseFiling,
      processInstanceKey,
    });
    // … and escalated to the department, once
    const escalations = await eventually(() => escalationsOf(code), 15_000);
    expect(escalations).toEqual([
      expect.objectContaining({ candidateGroups: 'psb', taskName: expect.stringContaining('M10.3') }),
    ]);
    // the filing is flagged overdue in the list
    const overdue = await request(app).get('/api/office-purchases?overdue=true').set('authorization', psb);
    expect(overdue.body.items).toContainEqual(
      expect.objectContaining({ code, overdue: true, filedAt: null }),
    );
    // and the department's task is still open: filing is still possible, and is recorded as late
    const stillOpen = await openTask(processInstanceKey, 'submit-filing');
    expect(stillOpen.userTaskKey).toBe(task.userTaskKey);
    const filing = await fileAndRegister(code, processInstanceKey);
    expect(filing.late).toBe(true);
    expect(filing.filedAt!.getTime()).toBeGreaterThan(dueAt.getTime());
    expect(await findBreachesOfProject(ds, code)).toHaveLength(1);
  });

  it('given a purchase whose month had passed before it was filed, when the filing starts, then it is flagged at once', async () => {
    // given a purchase completed two months ago (broker time)
    const completedOn = addMonths(today(), -2);

    // when an administrator files it for psb
    const res = await file(purchase(completedOn, { departmentCode: 'psb' }), admin);

    // then the filing is overdue from the start, and the timer fires without the clock moving
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ departmentCode: 'psb', overdue: true });
    const { code, processInstanceKey } = res.body as { code: string; processInstanceKey: string };
    const [breach] = await eventually(() => findBreachesOfProject(ds, code), 30_000);
    expect(breach).toMatchObject({ rule: 'M10.3', deadline: 'office-purchase-filing' });
    expect(await eventually(() => escalationsOf(code), 15_000)).toHaveLength(1);
    // and the department can still file it, recorded as late
    const filing = await fileAndRegister(code, processInstanceKey);
    expect(filing.late).toBe(true);
  });

  it('given bad input, when it is sent, then it is refused with 400 naming the field, and nothing is registered or started', async () => {
    const completedOn = today();
    const cases: [object, string][] = [
      [purchase(completedOn, { purchaseKind: 'vehicle' }), 'purchaseKind'],
      [purchase(completedOn, { amountYuan: '86,000' }), 'amountYuan'],
      [purchase(completedOn, { amountYuan: 86000 }), 'amountYuan'],
      [purchase(addDays(completedOn, 1)), 'purchaseCompletedOn'],
      [purchase('2026-02-30'), 'purchaseCompletedOn'],
    ];
    for (const [body, field] of cases) {
      // given a request with one bad field, when it is sent
      const key = `it-${crypto.randomUUID()}`;
      const res = await file(body, psb, key);
      // then 400 names the field, and no filing (so no process) exists for its key
      expect({ status: res.status, detail: res.body.detail }).toMatchObject({
        status: 400,
        detail: expect.stringContaining(field),
      });
      expect(
        await ds
          .getRepository(OfficePurchaseFilingEntity)
          .findOneBy({ submittedBy: 'purchase-psb', idempotencyKey: key }),
      ).toBeNull();
    }
    // an unknown department is refused too (an administrator names it)
    const unknown = await file(purchase(completedOn, { departmentCode: 'no-such-dept' }), admin);
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('unknown department "no-such-dept"');

    // control: the same key with a valid body registers the filing and starts its process
    const key = `it-${crypto.randomUUID()}`;
    expect((await file(purchase(completedOn, { amountYuan: '86,000' }), psb, key)).status).toBe(400);
    const valid = await file(purchase(completedOn), psb, key);
    expect(valid.status).toBe(201);
    const row = await ds
      .getRepository(OfficePurchaseFilingEntity)
      .findOneBy({ submittedBy: 'purchase-psb', idempotencyKey: key });
    expect(row?.processInstanceKey).toMatch(/^\d+$/);
    await openTask(row!.processInstanceKey!, 'submit-filing');
  });

  it("given Tasklist's start form, when it is submitted, then the filing is registered for the department's group; a bad one ends refused with its reason", async () => {
    // given the start form's variables (no filingCode), when an instance starts with them
    const started = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.OfficePurchaseFiling,
      variables: {
        departmentCode: 'psb',
        purchaseKind: 'office-network-renovation',
        purchaseDescription: '办公区域网络改造（Tasklist 启动）',
        amountYuan: '120000',
        purchaseCompletedOn: today(),
      },
    });
    // then the filing is registered as the department's, keyed by the instance
    const submit = await openTask(started.processInstanceKey, 'submit-filing');
    expect(submit.candidateGroups).toEqual(['psb']);
    const row = await ds
      .getRepository(OfficePurchaseFilingEntity)
      .findOneByOrFail({ processInstanceKey: started.processInstanceKey });
    expect(row).toMatchObject({
      submittedBy: 'tasklist:psb',
      amountYuan: '120000.00',
      departmentCode: 'psb',
    });

    // when one with an unknown kind starts, then it ends refused, with the reason naming the field
    const refused = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: ProcessId.OfficePurchaseFiling,
      variables: {
        departmentCode: 'psb',
        purchaseKind: 'vehicle',
        purchaseDescription: '公务车辆采购',
        amountYuan: '120000',
        purchaseCompletedOn: today(),
      },
    });
    const deadline = Date.now() + 30_000;
    let reason: unknown;
    while (reason === undefined && Date.now() < deadline) {
      reason = await tasks.variableOf(refused.processInstanceKey, 'filingRefusalReason');
      if (reason === undefined) await new Promise((r) => setTimeout(r, 300));
    }
    expect(reason).toEqual(expect.stringContaining('purchaseKind'));
    expect(
      await ds
        .getRepository(OfficePurchaseFilingEntity)
        .findOneBy({ processInstanceKey: refused.processInstanceKey }),
    ).toBeNull();
  });
});
