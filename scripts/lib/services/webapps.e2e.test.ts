/**
 * Officers in Tasklist and administrators in Operate, in headless Chromium against the test
 * stack's Keycloak, Tasklist, Operate and broker, with the real deadline.compute worker running.
 * The process is a test fixture (a CAC and an EIB task of one project side by side) until
 * Workflows I models the CAC pre-review. Screenshots: .data/test/screenshots/webapps/.
 */
/// <reference lib="dom" />
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import {
  deploy,
  openDataSource,
  untilSeen,
  quietLog,
  testCamunda,
  testConfig,
  uniqueProjectCode,
  workerDeps,
} from '../../../src/shared/testing';
import {
  DEMO_PASSWORD,
  keycloakError,
  screenshotDir,
  signInWithKeycloak,
  useBrowser,
  webappSession,
} from '../../../src/shared/testing/browser';
import { deadlineComputeWorker } from '../../../workers/deadline-compute';
import { startWorkers, type RunningWorkers } from '../../../workers/runtime';
import { keycloakUrl } from './keycloak';
import { adminToken } from './keycloak-realm';
import { webappUrl } from './webapps';

const fixtures = path.join(__dirname, '..', '..', '..', 'src', 'shared', 'testing', 'fixtures', 'webapps');
const PROCESS_ID = 'webapps-review-fixture';
const shots = screenshotDir('webapps');
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

interface TaskRow {
  id: string;
  name: string;
  taskDefinitionId: string;
  taskState: string;
  candidateGroups: string[] | null;
  dueDate: string | null;
  formId: string | null;
  formVersion: number | null;
  processDefinitionKey: string;
}

describe('Tasklist and Operate (Camunda 8.6 web apps, signing in through Keycloak)', () => {
  const config = testConfig();
  const tasklist = webappUrl(config, 'tasklist');
  const operate = webappUrl(config, 'operate');
  const browser = useBrowser();
  const camunda = testCamunda();
  let ds: DataSource;
  let workers: RunningWorkers;

  beforeAll(async () => {
    ds = await openDataSource();
    await deploy(
      camunda,
      ...['webapps-review.bpmn', 'webapps-cac-review.form', 'webapps-eib-review.form'].map((f) =>
        path.join(fixtures, f),
      ),
    );
    // the real worker, on the broker's (controlled) time
    const offset = (await camunda.clock.now()) - Date.now();
    workers = await startWorkers([deadlineComputeWorker], {
      zeebe: camunda.zeebe,
      mode: config.WORKER_MODE,
      maxJobs: 4,
      jobTimeoutMs: 30_000,
      log: quietLog(),
      deps: workerDeps(ds, () => new Date(Date.now() + offset)),
    });
  });
  afterAll(async () => {
    await workers?.stop();
    await camunda.close();
    await ds?.destroy();
  });

  /** A person with an account but in no group (Keycloak's admin API). */
  async function createKeycloakUser(username: string): Promise<void> {
    const base = keycloakUrl(config);
    const token = await adminToken(base, config.KEYCLOAK_ADMIN, config.KEYCLOAK_ADMIN_PASSWORD);
    const res = await fetch(`${base}/admin/realms/${config.KEYCLOAK_REALM}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        username,
        enabled: true,
        email: `${username}@example.invalid`,
        emailVerified: true,
        firstName: '无组',
        lastName: '用户',
        credentials: [{ type: 'password', value: DEMO_PASSWORD, temporary: false }],
        requiredActions: [],
      }),
    });
    if (res.status !== 201) throw new Error(`creating ${username}: ${res.status} ${await res.text()}`);
  }

  /** A project's review instance with the facts the forms show. */
  async function startReview(overrides: Record<string, unknown> = {}) {
    const projectCode = uniqueProjectCode();
    const receivedAt = new Date(await camunda.clock.now()).toISOString().replace('Z', '+00:00');
    const variables = {
      projectCode,
      projectTitle: '智慧城管综合指挥平台升级改造',
      departmentName: '市城市管理局',
      budgetEstimate: '3,260,000.00',
      receivedAt,
      ...overrides,
    };
    const instance = await camunda.zeebe.createProcessInstance({ bpmnProcessId: PROCESS_ID, variables });
    return { projectCode, processInstanceKey: instance.processInstanceKey, variables };
  }

  /** A person signed in to a web app (a browser context of their own), in Chinese. */
  async function signedInTo(app: string, username: string) {
    const page = await browser.newPage({ locale: 'zh-CN', timeoutMs: 120_000 });
    const api = webappSession(page, app);
    await page.goto(`${app}/`, { waitUntil: 'commit' });
    await signInWithKeycloak(page, username, { returnTo: app });
    await page.waitForLoadState('load');
    return { page, api };
  }

  /** The open tasks of an instance that the signed-in person may see (Tasklist filters a browser session by group). */
  async function visibleTasks(api: ReturnType<typeof webappSession>, processInstanceKey: string) {
    const res = await api.post<TaskRow[]>('/v1/tasks/search', { processInstanceKey, state: 'CREATED' });
    if (res.status !== 200)
      throw new Error(`Tasklist task search: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  describe('Tasklist', () => {
    let review: Awaited<ReturnType<typeof startReview>>;
    let cacTaskId: string;
    let eibTaskId: string;

    beforeAll(async () => {
      review = await startReview();
      // positive control: the EIB officer sees the EIB task of this instance
      const eib = await signedInTo(tasklist, 'eib-officer');
      const eibTasks = await untilSeen('the EIB task in Tasklist', async () => {
        const rows = await visibleTasks(eib.api, review.processInstanceKey);
        return rows.length > 0 && rows;
      });
      expect(eibTasks.map((t) => t.taskDefinitionId)).toEqual(['eib-review']);
      eibTaskId = eibTasks[0]!.id;
      await eib.page.context().close();
    });

    // its own time limit: signing in, then waiting up to 90 s for Tasklist to import the task, must fit
    it('shows a CAC officer the CAC task of the project and not its EIB task; the Chinese form shows the project facts read-only; completing it moves the process on', async () => {
      // given a CAC officer signed in to Tasklist
      const { page, api } = await signedInTo(tasklist, 'cac-officer');
      const rows = await untilSeen('the CAC task in Tasklist', async () => {
        const r = await visibleTasks(api, review.processInstanceKey);
        return r.length > 0 && r;
      });
      // then only the CAC task of the instance is theirs, with its group and due date
      expect(rows.map((t) => t.taskDefinitionId)).toEqual(['cac-security-review']);
      cacTaskId = rows[0]!.id;
      expect(rows[0]).toMatchObject({ name: '网络安全前置审查', candidateGroups: ['cac'] });
      expect(rows[0]!.dueDate).toEqual(expect.any(String));
      // and the list shows it, not the EIB task
      await page.goto(`${tasklist}/`);
      await page.waitForSelector(`a[href*="${cacTaskId}"]`);
      expect(await page.locator(`a[href*="${eibTaskId}"]`).count()).toBe(0);
      await shot(page, '01-cac-officer-task-list');

      // when the task is opened, once it is linked to its form: the instance started right after
      // the deployment, so Tasklist 8.6.0 may have imported the task before the form and left it
      // without one, which the Tasklist guard repairs (README, "The Tasklist guard")
      const linked = await untilSeen('the CAC task linked to its form', async () => {
        const res = await api.get<TaskRow>(`/v1/tasks/${cacTaskId}`);
        return res.body.formId ? res.body : undefined;
      });
      expect(linked.formId).toBe('webapps-cac-review-form');
      expect(
        (await api.get(`/v1/forms/${linked.formId}?processDefinitionKey=${linked.processDefinitionKey}`))
          .status,
      ).toBe(200);
      await page.click(`a[href*="${cacTaskId}"]`);
      const projectCode = page.getByLabel('项目编号');
      await untilSeen('the project code in the form', async () => {
        if ((await projectCode.count()) === 0) {
          await page.waitForTimeout(10_000);
          if ((await projectCode.count()) === 0) await page.reload({ waitUntil: 'load' });
          return false;
        }
        return (await projectCode.inputValue()) === review.projectCode;
      });
      await shot(page, '02-cac-officer-form');
      // then the form shows the project's facts, read-only
      expect(await page.getByLabel('项目名称').inputValue()).toBe(review.variables.projectTitle);
      expect(await page.getByLabel('建设单位').inputValue()).toBe(review.variables.departmentName);
      for (const label of ['项目编号', '项目名称', '建设单位', '投资估算（元）'])
        expect(await page.getByLabel(label).getAttribute('readonly')).not.toBeNull();

      // when they take it, give their opinion and complete it
      await page.getByRole('button', { name: 'Assign to me' }).click();
      await page.getByRole('button', { name: 'Complete Task' }).waitFor();
      await page.getByText('通过', { exact: true }).click();
      await page.getByLabel(/审查意见/).fill('网络和数据安全投入比例符合要求，同意。');
      await shot(page, '03-cac-officer-filled');
      await page.getByRole('button', { name: 'Complete Task' }).click();
      await page
        .getByText(/Task completed/i)
        .first()
        .waitFor();
      await shot(page, '04-cac-officer-completed');

      // then the process moves on past the CAC task with the officer's answer (Operate's API)
      const admin = await signedInTo(operate, 'administrator');
      const ended = await untilSeen('the CAC branch ended', async () => {
        const res = await admin.api.post<{ items: { flowNodeId: string; state: string }[] }>(
          '/v1/flownode-instances/search',
          { filter: { processInstanceKey: Number(review.processInstanceKey), flowNodeId: 'cac-reviewed' } },
        );
        return res.body.items?.find((i) => i.state === 'COMPLETED');
      });
      expect(ended).toBeDefined();
      // (Operate imports variables apart from flow nodes: they may arrive a moment later)
      const conclusion = await untilSeen('the CAC conclusion in Operate', async () => {
        const res = await admin.api.post<{ items: { name: string; value: string }[] }>(
          '/v1/variables/search',
          { filter: { processInstanceKey: Number(review.processInstanceKey), name: 'cacConclusion' } },
        );
        return res.body.items?.length ? res.body.items : undefined;
      });
      expect(conclusion.map((v) => v.value)).toEqual(['"passed"']);
      // and the EIB task of the same instance is refused to them by id
      const stillOpen = await api.get<TaskRow>(`/v1/tasks/${eibTaskId}`);
      expect(stillOpen.status).toBe(403);
    }, 240_000);

    it('does not show the CAC task to a Finance officer, and refuses it by URL and by id', async () => {
      // given the CAC task of the project (seen by the CAC officer above) and a Finance officer
      expect(cacTaskId).toBeDefined();
      const { page, api } = await signedInTo(tasklist, 'finance-officer');
      // then Tasklist's list and search leave it out
      expect(await visibleTasks(api, review.processInstanceKey)).toEqual([]);
      await page.goto(`${tasklist}/`);
      await page.getByText('All open tasks').waitFor();
      expect(await page.locator(`a[href*="${cacTaskId}"]`).count()).toBe(0);
      await shot(page, '05-finance-officer-task-list');
      // when they open it by its URL, then it is refused
      await page.goto(`${tasklist}/${cacTaskId}`);
      await page.waitForTimeout(3_000);
      await shot(page, '06-finance-officer-task-by-url');
      expect(await page.getByLabel('项目编号').count()).toBe(0);
      // and by id through the API: reading the CAC task, and taking, completing or reading the
      // variables of a task that is still open and not theirs (the project's EIB task): Tasklist
      // itself would let them act, the Tasklist guard refuses (src/tasklist-guard)
      expect((await api.get(`/v1/tasks/${cacTaskId}`)).status).toBe(403);
      const attempts = [
        await api.patch(`/v1/tasks/${eibTaskId}/assign`, { assignee: 'finance-officer' }),
        await api.patch(`/v1/tasks/${eibTaskId}/complete`, { variables: [] }),
        await api.post(`/v1/tasks/${eibTaskId}/variables/search`, {}),
      ];
      for (const attempt of attempts)
        expect(attempt).toMatchObject({
          status: 403,
          body: { message: expect.stringContaining('您不在此任务的候选组中') },
        });
      // and the EIB task is still open and nobody's, the CAC task as the CAC officer left it
      const eib = await signedInTo(tasklist, 'eib-officer');
      expect(
        (await eib.api.get<TaskRow & { assignee: string | null }>(`/v1/tasks/${eibTaskId}`)).body,
      ).toMatchObject({ taskState: 'CREATED', assignee: null });
      const cac = await signedInTo(tasklist, 'cac-officer');
      expect(
        (await cac.api.get<TaskRow & { assignee: string | null }>(`/v1/tasks/${cacTaskId}`)).body,
      ).toMatchObject({ taskState: 'COMPLETED', assignee: 'cac-officer' });
    });

    it('shows a person in no group no task at all', async () => {
      // given a person with an account but in no group (created for this test)
      const username = `no-group-${Date.now()}`;
      await createKeycloakUser(username);
      // when they sign in to Tasklist
      const { page, api } = await signedInTo(tasklist, username);
      // then they see no task, not even the open EIB task of the project (Tasklist lets no one in
      // without a group's permission, or shows them an empty list)
      await page.waitForTimeout(3_000);
      await shot(page, '07-no-group-task-list');
      expect(await page.locator(`a[href*="${eibTaskId}"]`).count()).toBe(0);
      expect(await page.getByText(/No permission for Tasklist/).count()).toBe(1);
      const all = await api.post<TaskRow[]>('/v1/tasks/search', { state: 'CREATED' });
      expect(Array.isArray(all.body) && all.body.length > 0).toBe(false);
    });

    it("refuses a wrong password with Keycloak's message", async () => {
      const page = await browser.newPage({ locale: 'zh-CN', timeoutMs: 120_000 });
      await page.goto(`${tasklist}/`, { waitUntil: 'commit' });
      await expect(
        signInWithKeycloak(page, 'cac-officer', { password: 'not-the-password', returnTo: tasklist }),
      ).rejects.toThrow(/Keycloak refused cac-officer/);
      await shot(page, '08-wrong-password');
      expect(await keycloakError(page)).toMatch(/无效的用户名或密码/);
      expect(page.url().startsWith(keycloakUrl(config))).toBe(true);
    });
  });

  describe('Operate', () => {
    it('lets an administrator find the project, see an incident that says what is wrong, fix the variable, retry, and the job completes', async () => {
      // given a project whose receipt time is malformed: the real deadline.compute worker raises an incident
      const review = await startReview({ receivedAt: '2026-13-45' });
      const key = Number(review.processInstanceKey);
      const { page, api } = await signedInTo(operate, 'administrator');
      const incident = await untilSeen('the incident in Operate', async () => {
        const res = await api.post<{ items: { message: string; state: string; key: number }[] }>(
          '/v1/incidents/search',
          { filter: { processInstanceKey: key } },
        );
        return res.body.items?.find((i) => i.state === 'ACTIVE');
      });
      // the message says what is wrong and what to do
      expect(incident.message).toMatch(
        /^deadline\.compute: invalid input: deadlineStart \(起算时间（任务头 startsAt 为 now 时不填，否则必填）\): .*\(got "2026-13-45"\)/,
      );
      expect(incident.message).toMatch(/select the failing task .* edit .* then retry the incident/);

      // when the administrator searches the instances by the project code
      await page.goto(
        `${operate}/operate/processes?active=true&incidents=true&variableName=projectCode&variableValues=${encodeURIComponent(JSON.stringify(review.projectCode))}`,
      );
      const link = page.locator(`a[href*="/processes/${key}"]`).first();
      await link.waitFor();
      await shot(page, '11-operate-search-by-project-code');
      // then exactly this instance is listed; they open it and see the incident's message
      await link.click();
      await page
        .getByText(/Incident/)
        .first()
        .waitFor();
      const banner = page.getByRole('button', { name: /View.*Incident|Incident/ }).first();
      if (await banner.count()) await banner.click().catch(() => undefined);
      await page
        .getByText(/invalid input: deadlineStart/)
        .first()
        .waitFor();
      await shot(page, '12-operate-incident');

      await page.getByRole('button', { name: 'More' }).first().click();
      await page
        .getByText(/retry the incident/)
        .first()
        .waitFor();
      await shot(page, '12b-operate-incident-message');
      await page.keyboard.press('Escape');

      // when they select the failing task, edit its input variable and retry
      await page.getByText('计算审查期限').last().click();
      await page.getByRole('button', { name: /Edit variable deadlineStart/ }).click();
      const value = page.getByRole('textbox', { name: /Edit variable value|Value/ }).last();
      await value.fill(JSON.stringify('2026-03-02T09:00:00+08:00'));
      await shot(page, '13-operate-edit-variable');
      await page.getByRole('button', { name: /Save variable/ }).click();
      await untilSeen('the variable updated', async () => {
        const res = await api.post<{ items: { value: string }[] }>('/v1/variables/search', {
          filter: { processInstanceKey: key, name: 'deadlineStart' },
        });
        return res.body.items?.[0]?.value === '"2026-03-02T09:00:00+08:00"';
      });
      const retryIncident = page.getByRole('button', { name: /Retry Incident/ });
      await (
        (await retryIncident.count()) > 0
          ? retryIncident.first()
          : page.getByRole('button', { name: /Retry/ }).first()
      ).click();
      await shot(page, '13b-operate-retried');
      // then the incident is gone and the job completed: the review tasks were created
      const done = await untilSeen('the deadline computed', async () => {
        const res = await api.post<{ items: { flowNodeId: string; state: string }[] }>(
          '/v1/flownode-instances/search',
          { filter: { processInstanceKey: key, flowNodeId: 'compute-review-deadline' } },
        );
        return res.body.items?.find((i) => i.state === 'COMPLETED');
      });
      expect(done).toBeDefined();
      await untilSeen('the incident resolved', async () => {
        const res = await api.post<{ items: { state: string }[] }>('/v1/incidents/search', {
          filter: { processInstanceKey: key },
        });
        return res.body.items?.every((i) => i.state !== 'ACTIVE');
      });
      await page.reload();
      await page
        .getByText(/网络安全前置审查/)
        .first()
        .waitFor();
      await page.waitForTimeout(2_000);
      await shot(page, '14-operate-incident-resolved');
      expect(await page.getByText(/invalid input: deadlineStart/).count()).toBe(0);
    }, 240_000);

    it('sends an officer to "no permission" and lets a process owner read but not act', async () => {
      // given an instance with an incident
      const review = await startReview({ receivedAt: 'yesterday' });
      const key = Number(review.processInstanceKey);
      const admin = await signedInTo(operate, 'administrator');
      const incident = await untilSeen('the incident', async () => {
        const res = await admin.api.post<{ items: { key: number; state: string }[] }>(
          '/v1/incidents/search',
          {
            filter: { processInstanceKey: key },
          },
        );
        return res.body.items?.find((i) => i.state === 'ACTIVE');
      });
      // when a CAC officer (no Operate permission) signs in, then Operate refuses them
      const officer = await signedInTo(operate, 'cac-officer');
      await officer.page.waitForURL(/noPermission/);
      await shot(officer.page, '15-operate-officer-no-permission');
      expect((await officer.api.post('/v1/process-instances/search', {})).status).toBe(403);
      // when a process owner (read only) signs in, they can read the instance but not retry it
      const owner = await signedInTo(operate, 'process-owner');
      const read = await owner.api.post<{ items: { key: number }[] }>('/v1/process-instances/search', {
        filter: { key },
      });
      expect(read.body.items.map((i) => i.key)).toEqual([key]);
      const retry = await owner.api.post(`/api/process-instances/${key}/operation`, {
        operationType: 'RESOLVE_INCIDENT',
        incidentId: String(incident.key),
      });
      expect(retry.status).toBeGreaterThanOrEqual(400);
      await owner.page.goto(`${operate}/operate/processes/${key}`);
      await owner.page
        .getByText(/Incident/)
        .first()
        .waitFor();
      await shot(owner.page, '16-operate-process-owner-read-only');
      // positive control: the administrator may
      const adminRetry = await admin.api.post(`/api/process-instances/${key}/operation`, {
        operationType: 'RESOLVE_INCIDENT',
        incidentId: String(incident.key),
      });
      expect(adminRetry).toMatchObject({ status: 200 });
    });
  });
});
