/**
 * Headless Chromium for end-to-end tests: Debian's chromium driven by playwright-core (no browser
 * download), with the flags this closed network needs; a jest hook that gives a test file one
 * browser; signing in through Keycloak (Tasklist, Operate); screenshots under the test output
 * folder; and calls to a web app's own API with the signed-in browser session.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Express } from 'express';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { loadConfig } from '../config';

export async function launchBrowser(): Promise<Browser> {
  const executablePath = loadConfig().CHROMIUM_PATH;
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `no browser at ${executablePath}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * Serves an express app on a free loopback port (or `listenPort`: API_PORT, where the identity
 * provider sends people back after sign-in); returns its base URL and a stop function.
 */
export async function serve(
  app: Express,
  listenPort = 0,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = app.listen(listenPort, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => server.close(() => r())) };
}

export interface TestBrowser {
  /** the file's browser (launched in beforeAll) */
  readonly browser: Browser;
  /**
   * A page in a context of its own (own cookies: one signed-in person), failing the test on an
   * uncaught page error; closed with the browser.
   */
  newPage(options?: BrowserContextOptions & { timeoutMs?: number }): Promise<Page>;
}

/**
 * One headless browser for the tests of a file: launched in beforeAll, closed in afterAll (with
 * every page). Call at the top of a describe block.
 */
export function useBrowser(): TestBrowser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const get = () => {
    if (!browser) throw new Error('useBrowser(): the browser is launched in beforeAll');
    return browser;
  };
  return {
    get browser() {
      return get();
    },
    async newPage({ timeoutMs, ...options } = {}) {
      const context = await get().newContext({ viewport: { width: 1400, height: 900 }, ...options });
      const page = await context.newPage();
      if (timeoutMs) page.setDefaultTimeout(timeoutMs);
      page.on('pageerror', (e) => {
        throw e;
      });
      return page;
    },
  };
}

/** Where a suite's screenshots go: `<DATA_DIR>/test/screenshots/<suite>/`. */
export function screenshotDir(suite: string): string {
  const dir = path.join(loadConfig().DATA_DIR, 'test', 'screenshots', suite);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Password of the realm's local demo users (scripts/lib/services/keycloak-realm.ts). */
export const DEMO_PASSWORD = 'demo';

/**
 * Signs in on the Keycloak login page the browser was sent to (by Tasklist, Operate…), then
 * waits until Keycloak hands the browser back to `returnTo` (a URL prefix). Throws with
 * Keycloak's own message when it refuses the sign-in.
 */
export async function signInWithKeycloak(
  page: Page,
  username: string,
  opts: { password?: string; returnTo: string },
): Promise<void> {
  await page.waitForSelector('#kc-form-login');
  await page.fill('#username', username);
  await page.fill('#password', opts.password ?? DEMO_PASSWORD);
  await page.click('#kc-login', { noWaitAfter: true });
  const back = page.waitForURL((u) => u.toString().startsWith(opts.returnTo), { waitUntil: 'commit' });
  const refused = page.waitForSelector(KEYCLOAK_ERROR, { state: 'visible' });
  const outcome = await Promise.race([
    back.then(() => 'back' as const),
    refused.then(() => 'refused' as const),
  ]);
  if (outcome === 'refused') {
    throw new Error(`Keycloak refused ${username}: ${await keycloakError(page)}`);
  }
  // a refusal that lost the race is no longer awaited
  refused.catch(() => undefined);
}

/** Where Keycloak's login themes (v2 and the classic one) show an error. */
const KEYCLOAK_ERROR = '[id^="input-error"], .pf-v5-c-alert, .kc-feedback-text, .alert-error';

/** The error Keycloak shows on its login page ('' when none). */
export async function keycloakError(page: Page): Promise<string> {
  const el = page.locator(KEYCLOAK_ERROR).first();
  return (await el.count()) > 0 ? (await el.innerText()).trim() : '';
}

/**
 * Calls a Camunda web app's API (Tasklist, Operate) as the person signed in on `page`: the
 * browser's session cookie, and on writes the CSRF token the app sent in its latest answer (the
 * `X-CSRF-TOKEN` response header, as its own UI does).
 */
export function webappSession(page: Page, baseUrl: string) {
  let csrf: string | undefined;
  page.on('response', (r) => {
    const token = r.headers()['x-csrf-token'];
    if (token && r.url().startsWith(baseUrl)) csrf = token;
  });
  const call = async <T>(method: 'GET' | 'POST' | 'PATCH', route: string, data?: unknown) => {
    const res = await page.request.fetch(`${baseUrl}${route}`, {
      method,
      data,
      headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    });
    const token = res.headers()['x-csrf-token'];
    if (token) csrf = token;
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status(), body: body as T };
  };
  return {
    get: <T = unknown>(route: string) => call<T>('GET', route),
    post: <T = unknown>(route: string, data: unknown) => call<T>('POST', route, data),
    patch: <T = unknown>(route: string, data: unknown) => call<T>('PATCH', route, data),
  };
}
