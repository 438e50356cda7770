/**
 * Papercuts of the web modeler seen in a browser (issue 9): a model opens fitted beside the
 * palette, unsaved changes are not lost without a warning, and loading the page asks for nothing
 * that is missing.
 */
/// <reference lib="dom" />
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { modelerDeps } from '.';
import { openDataSource, testApp, testConfig } from '../shared/testing';
import { fillProviderLogin, identityDeps } from '../shared/testing/identity';
import { launchBrowser, serve } from '../shared/testing/browser';

const screenshots = path.join(testConfig().DATA_DIR, 'test');

describe('web modeler papercuts', () => {
  let ds: DataSource;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    ds = await openDataSource();
    server = await serve(
      testApp(ds, { ...identityDeps(), modeler: modelerDeps(testConfig()) }),
      testConfig().API_PORT,
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
    await ds.destroy();
  });

  /** Signs in; returns the page and every answer of 400 or more it received. */
  async function signIn(width = 1280): Promise<{ page: Page; failed: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 768 } });
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => {
      throw e;
    });
    await page.goto(`${server.url}/modeler/`);
    await fillProviderLogin(page, 'process-owner');
    await page.waitForSelector('#workflow-files button');
    return { page, failed };
  }

  const openFile = async (page: Page, file: string) => {
    await page.click(`[data-path="${file}"]`);
  };
  const title = (page: Page) => page.locator('#document-title').innerText();

  it('loads the page without asking for anything missing (no favicon 404)', async () => {
    const { page, failed } = await signIn();
    await openFile(page, 'technical-review/technical-review.bpmn');
    await page.waitForSelector('.djs-element[data-element-id="open-first-round"]');
    await page.reload();
    await page.waitForSelector('#workflow-files button');
    expect(failed).toEqual([]);
    // headless Chromium never asks for /favicon.ico; a browser does unless the page declares an icon
    const icon = await page.evaluate(
      () => document.querySelector<HTMLLinkElement>('link[rel~="icon"]')?.href,
    );
    expect(icon).toBeDefined();
    if (!icon!.startsWith('data:')) expect((await page.request.get(icon!)).status()).toBe(200);
    await page.close();
  });

  it('opens a model fitted into the canvas, every element visible and none under the palette', async () => {
    // given a process owner on a small laptop window, where the diagram must be scaled down
    const { page } = await signIn(1024);
    // when the project lifecycle, the widest process, is opened
    await openFile(page, 'project-lifecycle/project-lifecycle.bpmn');
    await page.waitForSelector('.djs-shape');
    // then every shape lies inside the canvas, between the palette and the minimap toggle
    const layout = await page.evaluate(() => {
      const rect = (e: Element) => e.getBoundingClientRect();
      const canvas = rect(document.querySelector('#canvas')!);
      const palette = rect(document.querySelector('#canvas .djs-palette')!);
      const minimap = rect(document.querySelector('#canvas .djs-minimap')!);
      const shapes = [...document.querySelectorAll('#canvas .djs-shape')].map((e) => ({
        id: e.getAttribute('data-element-id'),
        box: rect(e),
      }));
      return { canvas, palette, minimap, shapes };
    });
    expect(layout.shapes.length).toBeGreaterThan(1);
    const outside = layout.shapes
      .filter(
        ({ box }) =>
          box.left < layout.palette.right ||
          box.right > layout.minimap.left ||
          box.top < layout.canvas.top ||
          box.bottom > layout.canvas.bottom,
      )
      .map((s) => s.id);
    expect(outside).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'modeler-fitted.png') });
    await page.close();
  });

  it('asks before unsaved changes are dropped for another model, and warns before the page is left', async () => {
    // given a model with an unsaved change
    const { page } = await signIn();
    await openFile(page, 'technical-review/technical-review.bpmn');
    await page.waitForSelector('.djs-element[data-element-id="open-first-round"]');
    await page.dblclick('.djs-element[data-element-id="open-first-round"]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('登记评审轮次（初审）（已改）');
    // a click on empty canvas (the top margin left by fitting) ends the editing
    await page.click('#canvas', { position: { x: 500, y: 6 } });
    await expect(title(page)).resolves.toContain('（未保存）');

    // when another model is opened, a Chinese dialog asks first; cancelling keeps the change
    await openFile(page, 'project-lifecycle/project-lifecycle.bpmn');
    const dialog = page.locator('.dialog[role=alertdialog]');
    await expect(dialog.locator('h2').innerText()).resolves.toBe('放弃未保存的修改？');
    await dialog.locator('button', { hasText: '取消' }).click();
    await expect(title(page)).resolves.toBe('workflows/technical-review/technical-review.bpmn（未保存）');
    await expect(
      page.locator('.djs-element[data-element-id="open-first-round"]').textContent(),
    ).resolves.toContain('已改');

    // and leaving the page is held back for the browser's warning (the event is cancelled)
    const leaving = () =>
      page.evaluate(() => {
        const e = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(e);
        return e.defaultPrevented;
      });
    await expect(leaving()).resolves.toBe(true);

    // when the change is given up on purpose, the other model opens
    await openFile(page, 'project-lifecycle/project-lifecycle.bpmn');
    await dialog.locator('button', { hasText: '放弃修改并打开' }).click();
    await page.waitForFunction(
      () => document.querySelector('#document-title')?.textContent?.includes('project-lifecycle') === true,
    );
    await expect(title(page)).resolves.toBe('workflows/project-lifecycle/project-lifecycle.bpmn');

    // and a model without changes opens without asking
    await openFile(page, 'technical-review/technical-review.bpmn');
    await page.waitForSelector('.djs-element[data-element-id="open-first-round"]');
    await expect(dialog.count()).resolves.toBe(0);
    // and with nothing unsaved, leaving is not held back
    await expect(leaving()).resolves.toBe(false);
    await page.close();
  });
});
