/**
 * The web modeler in headless Chromium against the real API, database and cluster: a process
 * owner opens a process, renames a task, sees a lint error come and go, saves versions, sees the
 * change highlighted in the diff, deploys, and a new instance runs on the deployed version.
 */
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { modelerDeps } from '.';
import { openDataSource, testApp, testCamunda, testConfig } from '../shared/testing';
import { fillProviderLogin, identityDeps } from '../shared/testing/identity';
import { launchBrowser, serve } from '../shared/testing/browser';
import { ModelDeploymentEntity, ModelVersionEntity } from './data-access/model.entities';

/** What the modeler page exposes for tests (web-modeler/src/main.ts, i18n/index.ts). */
interface ModelerWindow {
  egovI18n: { untranslated(): string[] };
  egovModeler: { editor(): { modeler: { get<T>(service: string): T } } };
}

interface TemplatedTask {
  get(name: string): unknown;
  extensionElements?: { values: { $type: string; type?: string }[] };
}

const screenshots = path.join(testConfig().DATA_DIR, 'test');
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'api', 'fixtures', name));

/** Latin words a user could see in the modeler's chrome, apart from product names and identifiers. */
async function visibleEnglish(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const allowed =
      /^(BPMN|DMN|FEEL|JSON|XML|HTML|Markdown|ISO|UTC|API|Camunda|Zeebe|Tasklist|Operate|fx|io)$/;
    const texts: string[] = [];
    const chrome = [
      '.topbar',
      '.toolbar',
      '.sidebar h3',
      '.banner-message',
      '.lint-summary',
      '.lint-message',
      '.djs-palette',
      '.djs-context-pad',
      '.djs-popup',
      '.bio-properties-panel-header-type',
      '.bio-properties-panel-group-header',
      '.bio-properties-panel-label',
      '.bio-properties-panel-description',
      '.bjsl-button',
      '.diff-header',
      '.diff-list',
      '.tjs-table thead',
      '.decision-table-header',
      '.context-menu',
      '.drill-down-overlay',
      '.fjs-palette-container',
      '.fjs-context-pad',
      '#properties [aria-label]',
    ];
    for (const el of document.querySelectorAll<HTMLElement>(chrome.join(','))) {
      // placeholders and accessible names are read too
      if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
      texts.push(el.innerText);
      for (const labelled of [
        el,
        ...el.querySelectorAll<HTMLElement>('[title], [placeholder], [aria-label]'),
      ])
        for (const attr of ['title', 'placeholder', 'aria-label'])
          texts.push(labelled.getAttribute(attr) ?? '');
    }
    const words = new Set<string>();
    for (const t of texts) {
      // identifiers are quoted 「…」 or shown as element ids and file paths
      const prose = t.replace(/「[^」]*」/g, '').replace(/[\w.-]*[/_.-][\w./-]*/g, '');
      for (const w of prose.match(/[A-Za-z]{2,}/g) ?? []) if (!allowed.test(w)) words.add(w);
    }
    return [...words].sort();
  });
}

describe('web modeler', () => {
  let ds: DataSource;
  let camunda: ReturnType<typeof testCamunda>;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    ds = await openDataSource();
    camunda = testCamunda();
    // people sign in through the test stack's identity provider, which sends them back to API_PORT
    server = await serve(
      testApp(ds, { ...identityDeps(), modeler: modelerDeps(testConfig(), camunda.zeebe) }),
      testConfig().API_PORT,
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
    await camunda.close();
    await ds.destroy();
  });

  async function signIn(username: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => {
      throw e;
    });
    await page.goto(`${server.url}/modeler/`);
    await fillProviderLogin(page, username);
    await page.waitForSelector('#workflow-files button');
    return page;
  }

  /** Opens a properties-panel group (by its id) unless it is open already. */
  async function openGroup(page: Page, group: string): Promise<void> {
    const header = page.locator(`[data-group-id="group-${group}"] .bio-properties-panel-group-header`);
    if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
  }

  const banner = (page: Page) => page.locator('#banner .banner-message');
  const lintErrors = async (page: Page) => Number(await page.getAttribute('#lint-panel', 'data-errors'));

  async function saveVersion(page: Page, comment: string): Promise<void> {
    await page.click('#save-version');
    await page.fill('.dialog-input', comment);
    await page.click('.dialog button[type=submit]');
    await page.locator('#banner .banner-message', { hasText: /^已保存第 \d+ 版$/ }).waitFor();
    // the banner comes first; the list of versions is read again after it
    await page
      .locator('#versions .version')
      .first()
      .locator('.version-comment', { hasText: comment })
      .waitFor();
  }

  it('lets a process owner rename a task, lint, save, compare and deploy a version that new instances run on', async () => {
    // given a process owner who opens the technical-review process from workflows/
    const page = await signIn('process-owner');
    await page.click('[data-path="technical-review/technical-review.bpmn"]');
    await page.waitForSelector('.djs-element[data-element-id="open-first-round"]');
    await page.waitForFunction(
      () => document.querySelector('#lint-panel')?.getAttribute('data-errors') === '0',
    );
    await saveVersion(page, '初始版本');
    await expect(banner(page).innerText()).resolves.toMatch(/^已保存第 \d+ 版$/);

    // when the task is renamed on the canvas
    await page.dblclick('.djs-element[data-element-id="open-first-round"]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('登记初审轮次');
    await page.mouse.click(900, 650);
    await expect(page.locator('#document-title').innerText()).resolves.toContain('（未保存）');

    // and a job type no worker implements is typed into the properties panel
    await page.click('.djs-element[data-element-id="open-first-round"]', { force: true });
    await openGroup(page, 'taskDefinition');
    await page.fill('#bio-properties-panel-taskDefinitionType', 'fax.send');
    // then a lint error names it, in Chinese, and deployment is refused in the browser
    const finding = page.locator('.lint-issue[data-rule="egov/job-type-implemented"]');
    await finding.waitFor();
    await expect(finding.locator('.lint-message').innerText()).resolves.toBe(
      '任务类型「fax.send」没有对应的作业处理程序',
    );
    await page.click('#deploy');
    await expect(banner(page).innerText()).resolves.toBe('流程图有 1 个检查错误，修正后才能部署');
    // and when the job type is put back, the error disappears
    await page.fill('#bio-properties-panel-taskDefinitionType', 'review.open-round');
    await finding.waitFor({ state: 'detached' });
    expect(await lintErrors(page)).toBe(0);

    // when the change is saved as a new version and the two versions are compared
    await saveVersion(page, '任务改名为“登记初审轮次”');
    const versions = page.locator('#versions .version');
    await expect(versions.first().locator('.version-comment').innerText()).resolves.toBe(
      '任务改名为“登记初审轮次”',
    );
    await versions.nth(0).locator('[data-action="compare-pick"]').click();
    await versions.nth(1).locator('[data-action="compare-pick"]').click();
    // then the renamed task is highlighted as changed on both sides, and nothing else is
    await page.waitForSelector('#diff-new .djs-element.diff-changed[data-element-id="open-first-round"]');
    await expect(
      page.locator('#diff-old .djs-element.diff-changed[data-element-id="open-first-round"]').count(),
    ).resolves.toBe(1);
    await expect(page.locator('#diff-new .diff-added, #diff-old .diff-removed').count()).resolves.toBe(0);
    await expect(page.locator('.diff-item-changed').innerText()).resolves.toContain(
      '名称：登记评审轮次（初审） → 登记初审轮次',
    );
    expect(await visibleEnglish(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'modeler-diff.png') });
    await page.click('.diff-close');

    // when the process owner deploys
    await page.click('#deploy');
    await page.locator('#banner .banner-message', { hasText: '已部署到流程引擎' }).waitFor();
    // then the engine's version is shown, recorded against the saved version, and new instances run on it
    const message = await banner(page).innerText();
    const engineVersion = Number(/版本 v(\d+)/.exec(message)?.[1]);
    expect(message).toMatch(/^已部署到流程引擎：「technical-review」版本 v\d+（对应第 \d+ 版）$/);
    const deployment = await ds
      .getRepository(ModelDeploymentEntity)
      .findOneByOrFail({ resourceId: 'technical-review', engineVersion });
    const instance = await camunda.zeebe.createProcessInstance({
      bpmnProcessId: 'technical-review',
      variables: { projectCode: 'LS-2026-9001', departmentCode: 'psb', projectTitle: '建模器部署测试' },
    });
    expect(instance.processDefinitionKey).toBe(deployment.engineKey);
    await camunda.zeebe.cancelProcessInstance(instance.processInstanceKey);
    await expect(versions.first().locator('.badge').innerText()).resolves.toBe(`已部署 v${engineVersion}`);
    expect(await page.evaluate(() => (window as unknown as ModelerWindow).egovI18n.untranslated())).toEqual(
      [],
    );
    await page.screenshot({ path: path.join(screenshots, 'modeler-deployed.png') });

    // and export gives the file to commit under workflows/: the deployed diagram, under its name
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    expect(download.suggestedFilename()).toBe('technical-review.bpmn');
    const exported = fs.readFileSync(await download.path(), 'utf8');
    const deployedVersion = await ds
      .getRepository(ModelVersionEntity)
      .findOneByOrFail({ id: deployment.modelVersionId });
    expect(exported).toBe(deployedVersion.content);
    expect(exported).toContain('name="登记初审轮次"');
  });

  it('shows every element type, menu and properties group in Chinese', async () => {
    // given a new process with one element of every kind the palette offers
    const page = await signIn('process-owner');
    await page.click('#new-process');
    await page.fill('.dialog-input', 'every-element');
    await page.click('.dialog button[type=submit]');
    await page.waitForSelector('.djs-element[data-element-id="start"]');
    const ids: string[] = await page.evaluate(() => {
      const types = [
        'bpmn:UserTask',
        'bpmn:ServiceTask',
        'bpmn:ScriptTask',
        'bpmn:BusinessRuleTask',
        'bpmn:SendTask',
        'bpmn:ReceiveTask',
        'bpmn:ManualTask',
        'bpmn:CallActivity',
        'bpmn:ExclusiveGateway',
        'bpmn:ParallelGateway',
        'bpmn:InclusiveGateway',
        'bpmn:EventBasedGateway',
        'bpmn:IntermediateCatchEvent:bpmn:MessageEventDefinition',
        'bpmn:IntermediateCatchEvent:bpmn:TimerEventDefinition',
        'bpmn:IntermediateCatchEvent:bpmn:SignalEventDefinition',
        'bpmn:IntermediateThrowEvent:bpmn:EscalationEventDefinition',
        'bpmn:EndEvent:bpmn:ErrorEventDefinition',
        'bpmn:EndEvent:bpmn:TerminateEventDefinition',
        'bpmn:StartEvent:bpmn:TimerEventDefinition',
        'bpmn:SubProcess',
        'bpmn:DataStoreReference',
      ];
      const modeler = (window as unknown as ModelerWindow).egovModeler.editor().modeler;
      const factory = modeler.get<{ createShape(a: object): object }>('elementFactory');
      const modeling = modeler.get<{ createShape(s: object, p: object, r: object): { id: string } }>(
        'modeling',
      );
      const root = modeler.get<{ getRootElement(): object }>('canvas').getRootElement();
      return types.map((t, i) => {
        const [p, k, p2, d] = t.split(':');
        const shape = factory.createShape({
          type: `${p}:${k}`,
          ...(p2 ? { eventDefinitionType: `${p2}:${d}` } : {}),
        });
        return modeling.createShape(shape, { x: 150 + (i % 7) * 150, y: 320 + Math.floor(i / 7) * 140 }, root)
          .id;
      });
    });

    // when each is selected with every properties group open, and its change-type menu shown
    for (const id of ids) {
      await page.evaluate((id) => {
        const modeler = (window as unknown as ModelerWindow).egovModeler.editor().modeler;
        const element = modeler.get<{ get(id: string): object }>('elementRegistry').get(id);
        modeler.get<{ select(e: object): void }>('selection').select(element);
      }, id);
      for (const header of await page.$$('.bio-properties-panel-group-header:not(.open)'))
        await header.click();
      expect(await visibleEnglish(page)).toEqual([]);
      await page.click('.djs-context-pad [data-action="replace"]');
      await page.waitForSelector('.djs-popup');
      expect(await visibleEnglish(page)).toEqual([]);
      await page.keyboard.press('Escape');
    }

    // then no string reached the screen untranslated
    expect(await page.evaluate(() => (window as unknown as ModelerWindow).egovI18n.untranslated())).toEqual(
      [],
    );
    await page.screenshot({ path: path.join(screenshots, 'modeler-every-element.png') });
  });

  it('applies a worker template: 计算工作日期限 brings the job type and the fields the worker reads', async () => {
    // given a new process with a plain service task, selected
    const page = await signIn('process-owner');
    await page.click('#new-process');
    await page.fill('.dialog-input', 'template-check');
    await page.click('.dialog button[type=submit]');
    await page.waitForSelector('.djs-element[data-element-id="start"]');
    const id = await page.evaluate(() => {
      const modeler = (window as unknown as ModelerWindow).egovModeler.editor().modeler;
      const factory = modeler.get<{ createShape(a: object): object }>('elementFactory');
      const modeling = modeler.get<{ createShape(s: object, p: object, r: object): { id: string } }>(
        'modeling',
      );
      const root = modeler.get<{ getRootElement(): object }>('canvas').getRootElement();
      const task = modeling.createShape(
        factory.createShape({ type: 'bpmn:ServiceTask' }),
        { x: 400, y: 200 },
        root,
      );
      modeler.get<{ select(e: object): void }>('selection').select(task);
      return task.id;
    });

    // when the process owner picks the template by its Chinese name
    await page.click('.bio-properties-panel-select-template-button');
    await page.waitForSelector('.djs-popup.element-template-chooser');
    await page.keyboard.type('计算工作日期限');
    await page.click('.djs-popup.element-template-chooser .entry:has-text("计算工作日期限")');

    // then the task runs on the deadline.compute worker, and the panel asks for what it needs
    const applied = await page.evaluate((id) => {
      const modeler = (window as unknown as ModelerWindow).egovModeler.editor().modeler;
      const bo = modeler
        .get<{ get(id: string): { businessObject: TemplatedTask } }>('elementRegistry')
        .get(id).businessObject;
      const definition = bo.extensionElements?.values.find((v) => v.$type === 'zeebe:TaskDefinition');
      return { template: bo.get('zeebe:modelerTemplate'), type: definition?.type };
    }, id);
    expect(applied).toEqual({ template: 'egov.deadline.compute', type: 'deadline.compute' });
    for (const label of ['起算时间', '依据条款（如 M11.1）', '期限届满时间（存入变量）']) {
      await expect(
        page.locator('.bio-properties-panel-label', { hasText: label }).count(),
      ).resolves.toBeGreaterThan(0);
    }
    await expect(
      page.locator(`.lint-issue[data-element="${id}"][data-rule="egov/job-type-implemented"]`).count(),
    ).resolves.toBe(0);
  });

  it('lets a process owner change a rule threshold in a DMN decision table, in Chinese, save, deploy and compare it', async () => {
    // given the M21 settlement-review decision opened from workflows/, its table shown
    const page = await signIn('process-owner');
    await page.click('[data-path="decisions/settlement-review-route.dmn"]');
    await page.waitForSelector('.djs-element[data-element-id="settlement-review-route"]');
    await page.click('.drill-down-overlay');
    await page.waitForSelector('.tjs-table');
    expect(await visibleEnglish(page)).toEqual([]);

    // when the 100 M yuan threshold of the first rule is raised to 120 M and saved
    const cell = page.locator('td.input-cell').first();
    await cell.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('<= 120000000');
    await page.click('.tjs-table thead th.input-cell');
    await page.keyboard.press('Escape');
    await saveVersion(page, '财务审核上限调整为 1.2 亿元');

    // then the saved version carries the new threshold, and nothing on screen was left in English
    const saved = await ds.getRepository(ModelVersionEntity).findOneOrFail({
      where: { resourceId: 'settlement-review-route-definitions' },
      order: { version: 'DESC' },
    });
    expect(saved.comment).toBe('财务审核上限调整为 1.2 亿元');
    expect(saved.content).toContain('&lt;= 120000000');
    // and the changed decision deploys: the engine numbers it and the model list shows it
    await page.click('#deploy');
    await page.locator('#banner .banner-message', { hasText: '已部署到流程引擎' }).waitFor();
    await expect(banner(page).innerText()).resolves.toMatch(
      /^已部署到流程引擎：「settlement-review-route-definitions」版本 v\d+（对应第 \d+ 版）$/,
    );

    // and a further edit, compared with the saved version, shows just the changed line
    await cell.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('<= 130000000');
    await page.click('.tjs-table thead th.input-cell');
    await page.keyboard.press('Escape');
    await page.locator('#versions .version').first().locator('[data-action="compare-current"]').click();
    await page.waitForSelector('.text-diff');
    const removed = await page.locator('.text-diff-removed').allInnerTexts();
    const added = await page.locator('.text-diff-added').allInnerTexts();
    expect(removed).toHaveLength(1);
    expect(removed[0]).toContain('&lt;= 120000000');
    expect(added).toHaveLength(1);
    expect(added[0]).toContain('&lt;= 130000000');
    expect(await visibleEnglish(page)).toEqual([]);
    await page.click('.diff-close');
    expect(await page.evaluate(() => (window as unknown as ModelerWindow).egovI18n.untranslated())).toEqual(
      [],
    );
    await page.screenshot({ path: path.join(screenshots, 'modeler-dmn.png') });
  });

  it('lets a process owner edit a Tasklist form in Chinese, save and deploy it', async () => {
    // given a form imported from a file
    const page = await signIn('process-owner');
    await page.setInputFiles('#import-file', path.join(__dirname, 'api', 'fixtures', 'first-review.form'));
    await page.waitForSelector('.fjs-editor-container .fjs-form-field');
    expect(await visibleEnglish(page)).toEqual([]);

    // when each field is selected with its properties open, and the opinion field's variable is renamed
    const fields = page.locator('.fjs-editor-container .fjs-element[data-id]');
    for (let i = 0; i < (await fields.count()); i++) {
      await fields.nth(i).click();
      for (const header of await page.$$('#properties .bio-properties-panel-group-header:not(.open)'))
        await header.click();
      // every group has opened (a list group without items cannot) and shows its labels — a definite
      // state, not a pause — so English in it would be seen
      await page.waitForFunction(() => {
        const panel = document.querySelector('#properties');
        const closed = [...(panel?.querySelectorAll('.bio-properties-panel-group-header:not(.open)') ?? [])];
        const labels = [...(panel?.querySelectorAll<HTMLElement>('.bio-properties-panel-label') ?? [])];
        return (
          closed.every((h) => h.querySelector('.bio-properties-panel-add-entry') !== null) &&
          labels.some((l) => l.offsetParent !== null && /[\u4e00-\u9fff]/.test(l.innerText))
        );
      });
      expect(await visibleEnglish(page)).toEqual([]);
    }
    // (a click on the selected field unselects it: select another one first)
    await page.click('.fjs-editor-container .fjs-element[data-id="project-code"]');
    await page.click('.fjs-editor-container .fjs-element[data-id="opinion"]');
    await page.locator('#bio-properties-panel-key').fill('reviewOpinion');
    await page.keyboard.press('Tab');
    await saveVersion(page, '审查意见改存入 reviewOpinion 变量');

    // then the saved form binds the new variable, and it deploys
    const saved = await ds.getRepository(ModelVersionEntity).findOneOrFail({
      where: { resourceId: 'first-review-form', kind: 'form' },
      order: { version: 'DESC' },
    });
    expect(JSON.parse(saved.content).components[2]).toMatchObject({ id: 'opinion', key: 'reviewOpinion' });
    await page.click('#deploy');
    await page.locator('#banner .banner-message', { hasText: '已部署到流程引擎' }).waitFor();
    await expect(banner(page).innerText()).resolves.toMatch(
      /^已部署到流程引擎：「first-review-form」版本 v\d+/,
    );
    await page.screenshot({ path: path.join(screenshots, 'modeler-form.png') });
  });

  it('explains bad files in Chinese, keeps the open model, and saves or deploys nothing', async () => {
    const page = await signIn('process-owner');
    await page.click('[data-path="project-lifecycle/project-lifecycle.bpmn"]');
    await page.waitForSelector('.djs-element[data-element-id]');
    const counts = async () => [
      await ds.getRepository(ModelVersionEntity).count(),
      await ds.getRepository(ModelDeploymentEntity).count(),
    ];
    const before = await counts();
    const importFile = async (name: string, buffer: Buffer) => {
      await page.setInputFiles('#import-file', { name, mimeType: 'application/octet-stream', buffer });
      await page.locator('#banner .banner-message').waitFor();
      const text = await banner(page).innerText();
      await page.click('.banner-close');
      return text;
    };

    // malformed XML, XML that is not BPMN, and a 20 MB file are refused before anything is sent
    const truncated = fixture('deployable.bpmn').subarray(0, 900);
    await expect(importFile('broken.bpmn', truncated)).resolves.toBe('文件不是格式正确的 XML，无法打开');
    await expect(
      importFile('page.bpmn', Buffer.from('<?xml version="1.0"?><html><body/></html>')),
    ).resolves.toBe('文件是 XML，但不是 BPMN 2.0 流程图');
    await expect(importFile('huge.bpmn', Buffer.alloc(20 * 1024 * 1024, 'a'))).resolves.toBe(
      '文件超过 5 MB 的上限，未导入',
    );
    // and the model that was open is still there
    await expect(page.locator('#document-title').innerText()).resolves.toBe(
      'workflows/project-lifecycle/project-lifecycle.bpmn',
    );

    // a diagram that passes lint but the engine rejects: the engine's reason is shown
    await expect(importFile('engine-rejects.bpmn', fixture('engine-rejects.bpmn'))).resolves.toBe(
      '已导入「engine-rejects.bpmn」，尚未保存',
    );
    await page.waitForFunction(
      () => document.querySelector('#lint-panel')?.getAttribute('data-errors') === '0',
    );
    await page.click('#deploy');
    await page.locator('#banner.banner-error').waitFor();
    await expect(banner(page).innerText()).resolves.toBe('流程引擎拒绝了这次部署，未部署也未保存');
    await expect(page.locator('#banner .banner-detail').innerText()).resolves.toMatch(
      /^引擎返回：.*Expected constant expression of type String for message name/s,
    );
    expect(await counts()).toEqual(before);
  });

  it('shows a department applicant the models read-only', async () => {
    const page = await signIn('edu-applicant');
    await expect(page.locator('#save-version').isDisabled()).resolves.toBe(true);
    await expect(page.locator('#deploy').isDisabled()).resolves.toBe(true);
    await expect(page.locator('.topbar .user').innerText()).resolves.toContain('只读');
    // saved drafts are for modelers and officers: the applicant sees a note, not an error
    await expect(page.locator('#models').innerText()).resolves.toBe('您的角色不能查看已保存的模型');
    await expect(page.locator('#banner.banner-error').count()).resolves.toBe(0);
  });
});
