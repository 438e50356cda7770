import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../audit';
import { modelerDeps } from '..';
import { openDataSource, signedIn, testApp, testCamunda, testConfig } from '../../shared/testing';
import { Role } from '../../users';
import { ModelDeploymentEntity, ModelVersionEntity } from '../data-access/model.entities';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

describe('/api/modeler', () => {
  let ds: DataSource;
  let camunda: ReturnType<typeof testCamunda>;
  let app: ReturnType<typeof testApp>;
  let OWNER: string;
  let APPLICANT: string;

  beforeAll(async () => {
    ds = await openDataSource();
    camunda = testCamunda();
    app = testApp(ds, { modeler: { ...modelerDeps(testConfig(), camunda.zeebe), maxBytes: 256 * 1024 } });
    OWNER = await signedIn(ds, 'modeler-owner', [Role.ProcessOwner]);
    APPLICANT = await signedIn(ds, 'modeler-applicant', [Role.DepartmentApplicant], {
      departmentCode: 'psb',
    });
  });
  afterAll(async () => {
    await camunda.close();
    await ds.destroy();
  });

  const versionCount = () => ds.getRepository(ModelVersionEntity).count();
  const deploymentCount = () => ds.getRepository(ModelDeploymentEntity).count();
  const post = (url: string, auth: string, body: object) =>
    request(app).post(`/api/modeler${url}`).set('authorization', auth).send(body);

  it('tells the modeler its catalogue: worker job types, rule ids, the lint profile and whether the user may edit', async () => {
    const owner = await request(app).get('/api/modeler/catalogue').set('authorization', OWNER);
    const applicant = await request(app).get('/api/modeler/catalogue').set('authorization', APPLICANT);

    expect(owner.status).toBe(200);
    expect(owner.body.jobTypes).toEqual(expect.arrayContaining(['deadline.compute', 'receipt.register']));
    expect(owner.body.ruleIds).toContain('M11.1');
    expect(owner.body.lintProfile).toBe('camunda-cloud-8-6');
    expect(owner.body.templates.map((t: { name: string }) => t.name)).toContain('计算工作日期限');
    expect(owner.body.canEdit).toBe(true);
    expect(applicant.body.canEdit).toBe(false);
    expect(owner.body.maxBytes).toBe(256 * 1024);
  });

  it('lists the files of workflows/ and serves one, but no path outside it', async () => {
    const files = await request(app).get('/api/modeler/workflow-files').set('authorization', APPLICANT);
    expect(files.body).toContainEqual(
      expect.objectContaining({
        path: 'materials-receipt/materials-receipt.bpmn',
        resourceId: 'materials-receipt',
      }),
    );

    const one = await request(app)
      .get('/api/modeler/workflow-file')
      .query({ path: 'materials-receipt/materials-receipt.bpmn' })
      .set('authorization', APPLICANT);
    expect(one.status).toBe(200);
    expect(one.text).toContain('<bpmn:process id="materials-receipt"');

    const trick = await request(app)
      .get('/api/modeler/workflow-file')
      .query({ path: '../workflows/materials-receipt/materials-receipt.bpmn' })
      .set('authorization', APPLICANT);
    expect(trick.status).toBe(404);
  });

  it('saves numbered versions with author, time and comment, each audited', async () => {
    // given a process owner and a diagram
    const content = fixture('deployable.bpmn');
    // when two versions are saved
    const first = await post('/versions', OWNER, { fileName: 'deployable.bpmn', content, comment: '初稿' });
    const second = await post('/versions', OWNER, {
      fileName: 'deployable.bpmn',
      content: content.replace('name="计算"', 'name="计算期限"'),
      comment: '改任务名称',
    });
    // then they are numbered one after the other, and listed newest first with their comments
    expect(first.status).toBe(201);
    expect(second.body.version).toBe(first.body.version + 1);
    expect(second.body).toMatchObject({
      resourceId: 'modeler-deployable',
      author: 'modeler-owner',
      comment: '改任务名称',
    });
    const list = await request(app)
      .get('/api/modeler/models/bpmn/modeler-deployable/versions')
      .set('authorization', APPLICANT);
    expect(list.body.slice(0, 2).map((v: { comment: string }) => v.comment)).toEqual(['改任务名称', '初稿']);
    const full = await request(app)
      .get(`/api/modeler/versions/${second.body.id}`)
      .set('authorization', APPLICANT);
    expect(full.body.content).toContain('name="计算期限"');
    const audit = await auditTrail(ds, 'model', 'bpmn:modeler-deployable');
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['model.version-saved']));
  });

  it('numbers parallel saves of a new model one after the other', async () => {
    // given a model with no version yet, when five versions are saved at once
    const content = fixture('deployable.bpmn').replace(/modeler-deployable/g, 'modeler-parallel');
    const saves = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        post('/versions', OWNER, { fileName: 'parallel.bpmn', content, comment: `并行保存 ${n}` }),
      ),
    );
    // then every save succeeds with its own number
    expect(saves.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(saves.map((r) => r.body.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses anonymous calls with 401 and saving or deploying without the process-owner role with 403', async () => {
    const before = await versionCount();
    const anonymous = await request(app).get('/api/modeler/catalogue');
    const save = await post('/versions', APPLICANT, {
      fileName: 'deployable.bpmn',
      content: fixture('deployable.bpmn'),
      comment: '越权',
    });
    const deploy = await post('/deployments', APPLICANT, {
      fileName: 'deployable.bpmn',
      content: fixture('deployable.bpmn'),
    });

    expect(anonymous.status).toBe(401);
    expect(save.status).toBe(403);
    expect(deploy.status).toBe(403);
    expect(await versionCount()).toBe(before);
  });

  it.each([
    ['malformed XML', 'broken.bpmn', '<bpmn:definitions><bpmn:process', 400, 'malformed-xml'],
    [
      'XML that is not BPMN',
      'page.bpmn',
      '<?xml version="1.0"?><html><body>hi</body></html>',
      400,
      'not-bpmn',
    ],
    ['a form that is not JSON', 'form.form', '{ "id": ', 400, 'malformed-json'],
    ['a DMN file that is not DMN', 'rates.dmn', '<definitions id="x"/>', 400, 'not-dmn'],
    ['a file over the size limit', 'huge.bpmn', `<x>${'a'.repeat(300 * 1024)}</x>`, 413, 'too-large'],
  ])('refuses %s with a reason and saves nothing', async (_what, fileName, content, status, code) => {
    const before = await versionCount();
    const res = await post('/versions', OWNER, { fileName, content, comment: '坏文件' });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(await versionCount()).toBe(before);
  });

  it('refuses a body of 20 MB before reading it into a version', async () => {
    const before = await versionCount();
    const res = await post('/versions', OWNER, {
      fileName: 'big.bpmn',
      content: 'x'.repeat(20 * 1024 * 1024),
      comment: '大文件',
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('too-large');
    expect(await versionCount()).toBe(before);
  });

  it('refuses unknown fields and a missing comment', async () => {
    const extra = await post('/versions', OWNER, {
      fileName: 'deployable.bpmn',
      content: fixture('deployable.bpmn'),
      comment: '多余字段',
      author: 'someone-else',
    });
    const noComment = await post('/versions', OWNER, {
      fileName: 'deployable.bpmn',
      content: fixture('deployable.bpmn'),
    });
    expect(extra.status).toBe(400);
    expect(extra.body.detail).toMatch(/author/);
    expect(noComment.status).toBe(400);
    expect(noComment.body.detail).toMatch(/comment/);
  });

  it('blocks deployment on lint errors, naming them, and deploys nothing', async () => {
    const [versions, deployments] = [await versionCount(), await deploymentCount()];
    const res = await post('/deployments', OWNER, {
      fileName: 'lint-errors.bpmn',
      content: fixture('lint-errors.bpmn'),
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('lint-errors');
    expect(res.body.issues).toContainEqual(
      expect.objectContaining({ elementId: 't', rule: 'egov/job-type-implemented', category: 'error' }),
    );
    expect([await versionCount(), await deploymentCount()]).toEqual([versions, deployments]);
  });

  it("passes the engine's own words on when it rejects a diagram that lint accepts, and saves nothing", async () => {
    const content = fixture('engine-rejects.bpmn');
    const lint = await post('/lint', OWNER, { content });
    expect(lint.body.filter((i: { category: string }) => i.category === 'error')).toEqual([]);
    const [versions, deployments] = [await versionCount(), await deploymentCount()];

    const res = await post('/deployments', OWNER, { fileName: 'engine-rejects.bpmn', content });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('engine-rejected');
    expect(res.body.engineMessage).toMatch(/Expected constant expression of type String for message name/);
    expect([await versionCount(), await deploymentCount()]).toEqual([versions, deployments]);
  });

  it('deploys, records the engine version against the saved version, and new instances run on it', async () => {
    // given a saved version
    const content = fixture('deployable.bpmn').replace('name="计算"', 'name="计算（部署）"');
    const saved = await post('/versions', OWNER, {
      fileName: 'deployable.bpmn',
      content,
      comment: '准备部署',
    });

    // when that content is deployed
    const res = await post('/deployments', OWNER, { fileName: 'deployable.bpmn', content });

    // then the engine numbered it, the deployment points at the saved version, and it is audited
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ resourceId: 'modeler-deployable', versionId: saved.body.id });
    const models = await request(app).get('/api/modeler/models').set('authorization', APPLICANT);
    expect(models.body).toContainEqual(
      expect.objectContaining({ resourceId: 'modeler-deployable', deployedVersion: res.body.engineVersion }),
    );
    const instance = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: 'modeler-deployable',
      variables: {},
    });
    expect(instance.processDefinitionKey).toBe(res.body.engineKey);
    expect(Number(instance.version)).toBe(res.body.engineVersion);
    await camunda.zeebe.cancelProcessInstance(instance.processInstanceKey);
    const audit = await auditTrail(ds, 'model', 'bpmn:modeler-deployable');
    expect(audit.map((a) => a.action)).toContain('model.deployed');
  });
});
