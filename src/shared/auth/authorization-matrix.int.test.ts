/**
 * Every cell of the authorization matrix (the README's table), over HTTP: for each operation a
 * request that succeeds for an allowed user, sent as each kind of user.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { modelerDeps } from '../../modeler';
import { Role } from '../../users';
import { openDataSource, signedIn, submittedProject, testApp, testCamunda, testConfig } from '../testing';
import { deployTestProcess, startDepartmentConfirmation, until } from '../../tasks/test-fixtures';
import { deployResources } from '../camunda';
import { actorOrder, actors, authorizationMatrix, type Actor } from './authorization-matrix';

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(512), Buffer.from('\n%%EOF\n')]);
const diagram = fs
  .readFileSync(path.join(__dirname, '../../modeler/api/fixtures/deployable.bpmn'), 'utf8')
  .replace(/modeler-deployable/g, 'matrix-model');
const schedule = { status: 'official', source: '授权矩阵测试', days: [] };
const purchase = {
  purchaseKind: 'office-equipment',
  description: '授权矩阵测试：办公设备采购',
  amountYuan: '12000.00',
  purchaseCompletedOn: '2025-01-15',
};
const purchaseFilingDir = path.join(__dirname, '../../../workflows/office-purchase-filing');
const proposal = {
  title: '授权矩阵测试项目',
  budgetEstimate: '1000000.00',
  category: 'application-system',
  quotaOverrideReason: '集成测试：同一部门的多个测试项目',
};

/** The user of each column: the project below is led by psb, with edu participating. */
const users: Record<Actor, [Role[], { departmentCode?: string; agencyCode?: string }]> = {
  lead: [[Role.DepartmentApplicant], { departmentCode: 'psb' }],
  participant: [[Role.DepartmentApplicant], { departmentCode: 'edu' }],
  other: [[Role.DepartmentApplicant], { departmentCode: 'health' }],
  eib: [[Role.AgencyOfficer], { agencyCode: 'eib' }],
  agency: [[Role.AgencyOfficer], { agencyCode: 'finance' }],
  owner: [[Role.ProcessOwner], {}],
  calendar: [[Role.CalendarAdmin], {}],
  admin: [[Role.Administrator], {}],
};

describe('the authorization matrix, cell by cell', () => {
  let ds: DataSource;
  let camunda: ReturnType<typeof testCamunda>;
  let app: ReturnType<typeof testApp>;
  const auth = {} as Record<Actor, string>;
  let code: string;
  let documentId: string;
  let versionId: string;
  /** two open tasks of the lead department's group: one to claim, one to complete */
  const taskIds = { claim: '', complete: '' };

  beforeAll(async () => {
    ds = await openDataSource();
    camunda = testCamunda();
    app = testApp(ds, { modeler: { ...modelerDeps(testConfig(), camunda.zeebe), maxBytes: 256 * 1024 } });
    for (const actor of actorOrder) {
      const [roles, scope] = users[actor];
      auth[actor] = await signedIn(ds, `matrix-${actor}`, roles, scope);
    }
    code = await submittedProject(app, auth.lead, { ...proposal, participatingDepartments: ['edu'] });
    // under construction: its changes (M16) may be requested
    await ds.query("UPDATE project SET stage = 'construction' WHERE code = ?", [code]);
    const doc = await request(app)
      .post(`/api/projects/${code}/documents`)
      .set('authorization', auth.lead)
      .field('type', 'feasibility-study')
      .attach('file', pdf, '可行性研究报告.pdf');
    documentId = doc.body.id as string;
    const version = await request(app)
      .post('/api/modeler/versions')
      .set('authorization', auth.owner)
      .send({ fileName: 'matrix-model.bpmn', content: diagram, comment: '授权矩阵测试' });
    versionId = String(version.body.id);
    if (doc.status !== 201 || version.status !== 201) throw new Error('setting up the matrix test failed');
    await deployTestProcess(camunda);
    // POST /api/office-purchases starts its process: deployed, so an allowed request gets its 201
    await deployResources(
      camunda.zeebe,
      fs
        .readdirSync(purchaseFilingDir)
        .filter((f) => f.endsWith('.bpmn') || f.endsWith('.form'))
        .map((f) => ({ name: f, content: fs.readFileSync(path.join(purchaseFilingDir, f)) })),
    );
    for (let i = 0; i < 2; i++) await startDepartmentConfirmation(camunda, code, 'psb');
    const tasks = await until(
      () => request(app).get(`/api/tasks?projectCode=${code}`).set('authorization', auth.lead),
      (r) => r.status === 200 && (r.body.items as unknown[]).length === 2,
    );
    const ids = (tasks.body.items as { id: string }[]).map((t) => t.id);
    taskIds.claim = ids[0] ?? '';
    taskIds.complete = ids[1] ?? '';
    if (!taskIds.complete) throw new Error(`the lead department's tasks did not appear: ${tasks.status}`);
  }, 180_000);
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });

  const get = (url: string) => (a: string) => request(app).get(url).set('authorization', a);
  const key = () => `matrix-${crypto.randomUUID()}`;

  /** For each row (by what it does): a request that an allowed user gets `status` for. */
  const requests: Record<string, { status: number; send: (a: string, actor: Actor) => request.Test }> = {
    'agencies and departments': { status: 200, send: get('/api/organisations') },
    // the test cluster serves (UP or DEGRADED after clock moves), so an administrator gets 200
    'health with its detail': { status: 200, send: get('/api/health') },
    'messages to the engine': { status: 200, send: get('/api/admin/outbox?status=failed') },
    // no such message: an administrator gets past the role check to the 404
    'retry a message': {
      status: 404,
      send: (a) => request(app).post('/api/admin/outbox/999999999/retry').set('authorization', a),
    },
    'a calendar day': { status: 200, send: get('/api/calendar/days/2025-10-01') },
    'add working days': { status: 200, send: get('/api/calendar/working-days/add?from=2025-09-26&days=5') },
    "a year's days": { status: 200, send: get('/api/calendar/years/2026') },
    'pre-review date': { status: 200, send: get('/api/calendar/pre-review-sessions/2023-01') },
    'preview a schedule': {
      status: 200,
      send: (a) =>
        request(app).post('/api/calendar/years/2097/preview').set('authorization', a).send(schedule),
    },
    'replace a schedule': {
      status: 200,
      send: (a) => request(app).put('/api/calendar/years/2097').set('authorization', a).send(schedule),
    },
    'list (applicants: own and participating)': { status: 200, send: get('/api/projects') },
    'submit for own department': {
      status: 201,
      send: (a, actor) =>
        request(app)
          .post('/api/projects')
          .set('authorization', a)
          .set('idempotency-key', key())
          .send({ ...proposal, ...(actor === 'admin' ? { departmentCode: 'psb' } : {}) }),
    },
    'submit for another department': {
      status: 201,
      send: (a) =>
        request(app)
          .post('/api/projects')
          .set('authorization', a)
          .set('idempotency-key', key())
          .send({ ...proposal, departmentCode: 'housing' }),
    },
    'read a project': { status: 200, send: (a) => get(`/api/projects/${code}`)(a) },
    "a project's timeline": { status: 200, send: (a) => get(`/api/projects/${code}/timeline`)(a) },
    "a project's technical review rounds": {
      status: 200,
      send: (a) => get(`/api/projects/${code}/reviews`)(a),
    },
    "a project's construction changes": { status: 200, send: (a) => get(`/api/projects/${code}/changes`)(a) },
    // a decrease: always within the approved estimate, however many allowed users send one
    'request a construction change': {
      status: 201,
      send: (a) =>
        request(app)
          .post(`/api/projects/${code}/changes`)
          .set('authorization', a)
          .set('idempotency-key', key())
          .send({ description: '授权矩阵测试：调减建设内容', adjustmentAmount: '-1000.00' }),
    },
    "a project's tasks (of the user's groups)": {
      status: 200,
      send: (a) => get(`/api/projects/${code}/tasks`)(a),
    },
    'office purchase filings (applicants: own)': { status: 200, send: get('/api/office-purchases') },
    'file a purchase for own department': {
      status: 201,
      send: (a, actor) =>
        request(app)
          .post('/api/office-purchases')
          .set('authorization', a)
          .set('idempotency-key', key())
          .send({ ...purchase, ...(actor === 'admin' ? { departmentCode: 'psb' } : {}) }),
    },
    'file a purchase for another department': {
      status: 201,
      send: (a) =>
        request(app)
          .post('/api/office-purchases')
          .set('authorization', a)
          .set('idempotency-key', key())
          .send({ ...purchase, departmentCode: 'housing' }),
    },
    "open tasks of the user's groups": { status: 200, send: get('/api/tasks') },
    "claim a task of the lead dept.'s group": {
      status: 200,
      send: (a) => request(app).post(`/api/tasks/${taskIds.claim}/claim`).set('authorization', a),
    },
    "complete a task of the lead dept.'s group": {
      status: 200,
      send: (a) =>
        request(app)
          .post(`/api/tasks/${taskIds.complete}/complete`)
          .set('authorization', a)
          .send({ variables: { reviewApproved: 'approved' } }),
    },
    "task notifications (user's groups; all: admin, owner)": { status: 200, send: get('/api/notifications') },
    'list documents': { status: 200, send: (a) => get(`/api/projects/${code}/documents`)(a) },
    download: { status: 200, send: (a) => get(`/api/projects/${code}/documents/${documentId}`)(a) },
    upload: {
      status: 201,
      send: (a) =>
        request(app)
          .post(`/api/projects/${code}/documents`)
          .set('authorization', a)
          .field('type', 'other')
          .attach('file', pdf, '附件.pdf'),
    },
    'record a unit': {
      status: 200,
      send: (a) =>
        request(app)
          .put(`/api/projects/${code}/units/designer`)
          .set('authorization', a)
          .send({ creditCode: '91110000MA0AUTH01U', name: '授权矩阵测试设计院' }),
    },
    'the list in force': { status: 200, send: get('/api/dishonest-entities') },
    'list an entity': {
      status: 201,
      send: (a) =>
        request(app)
          .post('/api/dishonest-entities')
          .set('authorization', a)
          // in force only from 2099, so no other test meets it
          .send({
            creditCode: '91110000MA0AUTH02Y',
            name: '授权矩阵测试公司',
            reason: '授权矩阵测试：只为检查谁可以列入名单',
            listedFrom: '2099-01-01',
          }),
    },
    'catalogue, may the user edit': { status: 200, send: get('/api/modeler/catalogue') },
    'files of workflows/': { status: 200, send: get('/api/modeler/workflow-files') },
    'one file of workflows/': {
      status: 200,
      send: get('/api/modeler/workflow-file?path=technical-review/technical-review.bpmn'),
    },
    'saved models': { status: 200, send: get('/api/modeler/models') },
    deployments: { status: 200, send: get('/api/modeler/models/bpmn/matrix-model/deployments') },
    'saved versions': { status: 200, send: get('/api/modeler/models/bpmn/matrix-model/versions') },
    'one saved version': { status: 200, send: (a) => get(`/api/modeler/versions/${versionId}`)(a) },
    'save a version': {
      status: 201,
      send: (a) =>
        request(app)
          .post('/api/modeler/versions')
          .set('authorization', a)
          .send({ fileName: 'matrix-model.bpmn', content: diagram, comment: '授权矩阵测试' }),
    },
    'lint a diagram': {
      status: 200,
      send: (a) => request(app).post('/api/modeler/lint').set('authorization', a).send({ content: diagram }),
    },
    deploy: {
      status: 201,
      send: (a) =>
        request(app)
          .post('/api/modeler/deployments')
          .set('authorization', a)
          .send({ fileName: 'matrix-model.bpmn', content: diagram }),
    },
  };

  it('has a request for every row of the matrix', () => {
    expect(Object.keys(requests).sort()).toEqual(authorizationMatrix.map((r) => r.what).sort());
  });

  const cells = authorizationMatrix.flatMap((row) =>
    actorOrder.map((actor) => [row.operation, row.what, actors[actor], row.outcomes[actor], actor] as const),
  );

  it.each(cells)('%s (%s) as %s: %s', async (_operation, what, _label, outcome, actor) => {
    // given a user of that column, when they send the row's request
    const { status, send } = requests[what]!;
    const res = await send(auth[actor], actor);
    // then the answer is the cell's: success, 403 with a reason, or 404 as for a missing project
    const expected = outcome === '✓' ? status : Number(outcome);
    expect({ status: res.status, detail: res.body?.detail }).toMatchObject({ status: expected });
    if (outcome === '404') expect(res.body.detail).toBe(`no project ${code} that you may see`);
  });
});
