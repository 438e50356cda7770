/**
 * The Content-Security-Policy in a real browser: the web modeler (BPMN, DMN and form editors,
 * properties panel, a version diff) and the API documentation page work under it without a
 * single violation, while an inline script, which the policy forbids, is blocked and reported.
 */
/// <reference lib="dom" />
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { modelerDeps } from '../../modeler';
import { openDataSource, testApp, testConfig } from '../testing';
import { fillProviderLogin, identityDeps } from '../testing/identity';
import { launchBrowser, serve } from '../testing/browser';

interface ViolationWindow {
  cspViolations: string[];
  inlineRan?: boolean;
}

describe('Content-Security-Policy in the browser', () => {
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

  /** A page that records every CSP violation (the DOM event and the console's report) and every error. */
  async function recordingPage(): Promise<{
    page: Page;
    violations: () => Promise<string[]>;
    errors: string[];
  }> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    const console: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) console.push(m.text());
    });
    await page.addInitScript(() => {
      const w = window as unknown as ViolationWindow;
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const violations = async () => [
      ...(await page.evaluate(() => (window as unknown as ViolationWindow).cspViolations)),
      ...console,
    ];
    return { page, violations, errors };
  }

  it('blocks and reports an inline script (positive control)', async () => {
    // given a page of the app
    const { page, violations } = await recordingPage();
    await page.goto(`${server.url}/api/docs`);

    // when an inline script is injected
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = '(window).inlineRan = true;';
      document.body.append(s);
    });

    // then it did not run, and the violation was recorded
    expect(await page.evaluate(() => (window as unknown as ViolationWindow).inlineRan)).toBeUndefined();
    for (let i = 0; i < 50 && (await violations()).length < 2; i++) await page.waitForTimeout(100);
    expect(await violations()).toEqual([
      expect.stringMatching(/^script-src/),
      expect.stringMatching(/Content Security Policy/),
    ]);
    await page.close();
  });

  it('lets the API documentation page render every operation without a violation', async () => {
    const { page, violations, errors } = await recordingPage();
    await page.goto(`${server.url}/api/docs`);
    await page.waitForSelector('.opblock', { timeout: 30_000 });
    await page.locator('.opblock').first().click(); // expand one operation
    await page.waitForSelector('.opblock-body');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets the web modeler open a BPMN process, a DMN table and a form without a violation', async () => {
    // given a signed-in process owner
    const { page, violations, errors } = await recordingPage();
    await page.goto(`${server.url}/modeler/`);
    await fillProviderLogin(page, 'process-owner');
    await page.waitForSelector('#workflow-files button');

    // when a process is opened, an element selected (properties panel) and lint has run
    await page.click('[data-path="technical-review/technical-review.bpmn"]');
    await page.waitForSelector('.djs-element[data-element-id="open-first-round"]');
    await page.click('.djs-element[data-element-id="open-first-round"]', { force: true });
    await page.waitForSelector('.bio-properties-panel-group-header');
    await page.waitForFunction(
      () => document.querySelector('#lint-panel')?.getAttribute('data-errors') === '0',
    );
    // and a decision table
    await page.click('[data-path="decisions/settlement-review-route.dmn"]');
    await page.waitForSelector('.djs-element[data-element-id="settlement-review-route"]');
    await page.click('.drill-down-overlay');
    await page.waitForSelector('.tjs-table');
    // and a form
    await page.setInputFiles(
      '#import-file',
      path.join(__dirname, '..', '..', 'modeler', 'api', 'fixtures', 'first-review.form'),
    );
    await page.waitForSelector('.fjs-editor-container .fjs-form-field');

    // then nothing was blocked and nothing failed
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
