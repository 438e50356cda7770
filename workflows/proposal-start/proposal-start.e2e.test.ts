/**
 * A department starts a proposal in Tasklist's "Processes" tab (M4.7), in headless Chromium against
 * the test stack's Keycloak, Tasklist and broker: the Chinese start form, the department's
 * confirmation task, then the real registration worker gives it a project code in the registry, with
 * the outbox message that starts its lifecycle. Screenshots: .data/test/screenshots/proposal-start/.
 */
/// <reference lib="dom" />
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { webappUrl } from '../../scripts/lib/services/webapps';
import { ProcessId } from '../../src/shared/bpmn';
import {
  deploy,
  openDataSource,
  testCamunda,
  testConfig,
  untilSeen,
  workerDeps,
} from '../../src/shared/testing';
import { brokerTime } from '../../src/shared/testing/broker-time';
import {
  screenshotDir,
  signInWithKeycloak,
  useBrowser,
  webappSession,
} from '../../src/shared/testing/browser';
import { userTasks } from '../../src/shared/testing/user-tasks';
import { projectRegisterProposalWorker } from '../../workers/project-register-proposal';
import { testWorkers } from '../../workers/runtime/testing';

const here = (f: string) => path.join(__dirname, f);
const shots = screenshotDir('proposal-start');
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

describe('proposal-start in Tasklist (M4.7)', () => {
  const config = testConfig();
  const tasklist = webappUrl(config, 'tasklist');
  const browser = useBrowser();
  const camunda = testCamunda();
  let ds: DataSource;
  // the real registration worker, on the broker's (controlled) time
  const workers = testWorkers(
    camunda.zeebe,
    brokerTime(camunda.clock),
    [projectRegisterProposalWorker],
    (now) => workerDeps(ds, now),
  );

  beforeAll(async () => {
    ds = await openDataSource();
    await deploy(
      camunda,
      ...['proposal-start.bpmn', 'proposal-start-form.form', 'proposal-start-confirmation.form'].map(here),
    );
    await workers.start();
  });
  afterAll(async () => {
    await workers.stop();
    await camunda.close();
    await ds?.destroy();
  });

  it('lets a department applicant fill the Chinese start form, confirm it as a task, and get a project code in the registry', async () => {
    // given a department applicant signed in to Tasklist
    const page = await browser.newPage({ locale: 'zh-CN', timeoutMs: 120_000 });
    const api = webappSession(page, tasklist);
    await page.goto(`${tasklist}/processes`, { waitUntil: 'commit' });
    await signInWithKeycloak(page, 'chengguan-applicant', { returnTo: tasklist });
    await page.waitForLoadState('load');
    const title = `城市管理视频智能分析平台 ${Date.now().toString(36)}`;

    // when they open the Processes tab (a first visit shows an introduction over it: continue) and
    // find the proposal process by its id (tests deploy copies under the same name), once imported
    const intro = page.getByRole('button', { name: 'Continue' });
    /** Continues past the introduction if it shows (it fades out: wait until it has gone). */
    const pastIntro = async () => {
      if (await intro.isVisible()) await intro.click({ timeout: 5_000 }).catch(() => undefined);
      await intro.waitFor({ state: 'hidden', timeout: 10_000 });
    };
    await intro.waitFor({ timeout: 20_000 }).catch(() => undefined);
    await pastIntro();
    const tile = page
      .getByTestId('process-tile')
      .filter({ has: page.getByText(ProcessId.ProposalStart, { exact: true }) });
    await untilSeen('the proposal process in the Processes tab', async () => {
      await pastIntro();
      if ((await tile.count()) === 1) return true;
      await page.waitForTimeout(2_000);
      await page.reload({ waitUntil: 'load' });
      return false;
    });
    await shot(page, '01-processes-tab');
    await tile.getByRole('button', { name: 'Start process' }).click();

    // and fill the Chinese start form
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('项目名称').fill(title);
    await dialog.getByLabel(/建设单位/).fill('chengguan');
    await dialog.getByLabel(/估算投资/).fill('2860000.00');
    await selectOption(dialog, '项目类别', '业务应用系统');
    await dialog.getByLabel(/本部门本年度第 3 个/).fill('城市运行监测急需，市政府专题会议已明确。');
    await shot(page, '02-start-form-filled');
    const started = page.waitForResponse(
      (r) =>
        r.url().includes(`/v1/internal/processes/${ProcessId.ProposalStart}/start`) &&
        r.request().method() === 'PATCH',
    );
    await dialog.getByRole('button', { name: 'Start process' }).click();

    // then the process has started, with what they entered
    const response = await started;
    expect(response.status()).toBe(200);
    const { id: processInstanceKey } = (await response.json()) as { id: string };
    await shot(page, '03-started');

    // when the department's confirmation task appears, and they take it and confirm
    const [task] = await untilSeen('the confirmation task in Tasklist', async () => {
      const res = await api.post<{ id: string; taskDefinitionId: string; candidateGroups: string[] }[]>(
        '/v1/tasks/search',
        { processInstanceKey, state: 'CREATED' },
      );
      return res.status === 200 && res.body.length > 0 && res.body;
    });
    expect(task).toMatchObject({
      taskDefinitionId: 'confirm-proposal-submission',
      candidateGroups: ['chengguan'],
    });
    // once Tasklist has linked the task to its form: the process was deployed just before, so
    // Tasklist 8.6.0 may have imported the task before the form, and the Tasklist guard links it
    // only after the form's import, which lagged minutes behind in one CI run (the form was not
    // on the page within 90 s)
    const linked = await untilSeen(
      'the confirmation task linked to its form',
      async () => (await api.get<{ formId: string | null }>(`/v1/tasks/${task!.id}`)).body.formId,
      240_000,
    );
    expect(linked).toBe('proposal-start-confirmation');
    await page.goto(`${tasklist}/${task!.id}`);
    await untilSeen('the proposal in the confirmation form', async () => {
      const field = page.getByLabel('项目名称');
      if ((await field.count()) === 0) {
        await page.waitForTimeout(5_000);
        if ((await field.count()) === 0) await page.reload({ waitUntil: 'load' });
        return false;
      }
      return (await field.inputValue()) === title;
    }).catch(async (e: unknown) => {
      await shot(page, '03-form-not-shown'); // what the applicant saw instead
      throw e;
    });
    // (what they confirm reads in Chinese: the category by its name, not its code)
    const category = page.locator('.fjs-form-field-select').filter({ hasText: '项目类别' });
    expect(await category.locator('.fjs-input-group').innerText()).toContain('业务应用系统');
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByRole('button', { name: 'Complete Task' }).waitFor();
    await page.getByText(/本部门确认以本部门名义提交/).click();
    await shot(page, '04-confirmation');
    await page.getByRole('button', { name: 'Complete Task' }).click();
    await page
      .getByText(/Task completed/i)
      .first()
      .waitFor();

    // then the registry holds the proposal under a new project code of the department, as an API
    // submission would, and the outbox holds the message that starts its lifecycle
    const [project] = await untilSeen('the project in the registry', async () => {
      const rows = (await ds.query(
        'SELECT code, department_code AS departmentCode, budget_estimate AS budget, stage FROM project WHERE title = ?',
        [title],
      )) as { code: string; departmentCode: string; budget: string; stage: string }[];
      return rows.length > 0 && rows;
    });
    expect(project).toMatchObject({ departmentCode: 'chengguan', budget: '2860000.00' });
    expect(project!.code).toMatch(/^[A-Z]{2,6}-\d{4}-\d{4,6}$/);
    const outbox = (await ds.query('SELECT aggregate_id AS code FROM outbox WHERE aggregate_id = ?', [
      project!.code,
    ])) as { code: string }[];
    expect(outbox).toHaveLength(1);
    // and the process ended registered, with that code (the broker's own record)
    expect(await userTasks().variableWhenSet(processInstanceKey, 'projectCode', 60_000)).toBe(project!.code);
  }, 600_000);
});

/** Chooses an option of a form-js select (its own dropdown, not a native select). */
async function selectOption(container: Locator, label: string, option: string) {
  const field = container.locator('.fjs-form-field-select').filter({ hasText: label });
  await field.locator('.fjs-input-group').click();
  await field.locator('.fjs-dropdownlist-item', { hasText: option }).first().click();
}
