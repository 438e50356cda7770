/**
 * Issue 10, test 4: one person signs in once (at the identity provider) and reaches the web
 * modeler, Tasklist and Operate without a second login; after logging out of the modeler, none of
 * them lets them in. The modeler refuses at once (its session is ended with the provider's);
 * Tasklist and Operate 8.6 have no back-channel logout, and check the provider when their access
 * token expires (they renew it, which the provider now refuses): within the web apps client's token
 * lifetime (WEBAPPS_TOKEN_LIFESPAN_S) they send the person to the login page.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { modelerDeps } from '../../modeler';
import { openDataSource, testApp, testConfig } from '../testing';
import { launchBrowser, serve } from '../testing/browser';
import { fillProviderLogin, identityDeps } from '../testing/identity';

const screenshots = path.join(testConfig().DATA_DIR, 'test');
const tasklist = `http://127.0.0.1:${testConfig().TASKLIST_PORT}`;
const operate = `http://127.0.0.1:${testConfig().OPERATE_PORT}`;
/** the web apps' token lifetime (the realm's camunda-webapps client) plus time for a slow machine */
const WEBAPPS_SIGN_OUT_MS = 150_000;

describe('single sign-on across the modeler, Tasklist and Operate', () => {
  let ds: DataSource;
  let browser: Browser;
  let context: BrowserContext;
  let server: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    ds = await openDataSource();
    server = await serve(
      testApp(ds, { ...identityDeps(), modeler: modelerDeps(testConfig()) }),
      testConfig().API_PORT,
    );
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
    await ds.destroy();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(screenshots, `sso-${name}.png`) });
  /**
   * Who Tasklist and Operate say is signed in (their own session APIs: Tasklist names the
   * username, Operate the token's subject and the display name), or the HTTP status.
   */
  const whoIs = async (url: string) => {
    const res = await context.request.get(url, { maxRedirects: 0 });
    return res.status() === 200 ? JSON.stringify(await res.json()) : res.status();
  };
  const tasklistUser = () => whoIs(`${tasklist}/v1/internal/users/current`);
  const operateUser = () => whoIs(`${operate}/api/authentications/user`);
  const ADMINISTRATOR = /administrator|系统 ?管理员/;
  const onLoginPage = (page: Page) => page.locator('#kc-form-login').waitFor({ timeout: 120_000 });

  it('given an administrator signed in once, then the modeler, Tasklist and Operate let them in; after logout, none does', async () => {
    // given: sign in once, through the modeler
    const page = await context.newPage();
    // the web apps answer slowly on a busy test machine
    page.setDefaultNavigationTimeout(180_000);
    page.setDefaultTimeout(120_000);
    await page.goto(`${server.url}/modeler/`);
    await fillProviderLogin(page, 'administrator');
    await page.waitForSelector('#workflow-files button');
    await expect(page.locator('.topbar .user').innerText()).resolves.toContain('可编辑');
    await shot(page, '1-modeler-signed-in');

    // when Tasklist and Operate are opened in the same browser: no login form, straight in
    await page.goto(tasklist, { waitUntil: 'domcontentloaded' });
    await page.waitForURL((u) => u.href.startsWith(tasklist) && !u.pathname.includes('login'), {
      timeout: 180_000,
    });
    await page.waitForLoadState('load');
    expect(await page.locator('#kc-form-login').count()).toBe(0);
    expect(await tasklistUser()).toMatch(ADMINISTRATOR);
    // the task list has loaded (Carbon's skeleton placeholders gone) before the screenshot
    await page.waitForFunction(() => !document.querySelector('.cds--skeleton__text'));
    await shot(page, '2-tasklist-no-second-login');

    await page.goto(operate, { waitUntil: 'domcontentloaded' });
    await page.waitForURL((u) => u.href.startsWith(operate) && !u.pathname.includes('login'), {
      timeout: 180_000,
    });
    await page.waitForLoadState('load');
    expect(await page.locator('#kc-form-login').count()).toBe(0);
    expect(await operateUser()).toMatch(ADMINISTRATOR);
    // the dashboard has loaded its figures before the screenshot
    await page.getByText('Running Process Instances in total').waitFor();
    await shot(page, '3-operate-no-second-login');

    // when they log out of the modeler
    await page.goto(`${server.url}/modeler/`);
    await page.waitForSelector('#workflow-files button');
    await page.click('.topbar button:has-text("退出")');
    await page.waitForURL((u) => u.href.startsWith(`${server.url}/modeler/?signin=signed-out`));
    await expect(page.locator('.login-error').innerText()).resolves.toContain('已退出登录');
    await shot(page, '4-modeler-signed-out');

    // then the modeler sends them to the login page at once
    await page.goto(`${server.url}/modeler/`);
    await onLoginPage(page);
    await shot(page, '5-modeler-asks-to-sign-in');

    // and Tasklist and Operate refuse them once their token is due for renewal
    const started = Date.now();
    for (;;) {
      const [t, o] = await Promise.all([tasklistUser(), operateUser()]);
      if (typeof t === 'number' && typeof o === 'number') break;
      if (Date.now() - started > WEBAPPS_SIGN_OUT_MS)
        throw new Error(`still signed in after ${WEBAPPS_SIGN_OUT_MS} ms: Tasklist ${t}, Operate ${o}`);
      await new Promise((r) => setTimeout(r, 2_000));
    }
    await page.goto(tasklist, { waitUntil: 'domcontentloaded' });
    await onLoginPage(page);
    await shot(page, '6-tasklist-asks-to-sign-in');
    await page.goto(operate, { waitUntil: 'domcontentloaded' });
    await onLoginPage(page);
    await shot(page, '7-operate-asks-to-sign-in');
  }, 900_000);
});
