import type { Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { launchBrowser, serve } from '../shared/testing/browser';
import { openDataSource, testApp } from '../shared/testing';

describe('API documentation page', () => {
  let ds: DataSource;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    ds = await openDataSource();
    server = await serve(testApp(ds));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
    await ds.destroy();
  });

  it('renders every operation of the OpenAPI document in a real browser, from local assets only', async () => {
    // given a fresh page that records any request leaving this machine
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) external.push(r.url());
    });

    // when an integrator opens /api/docs
    await page.goto(`${server.url}/api/docs`);
    await page.waitForSelector('.opblock', { timeout: 30_000 });

    // then each documented operation is shown, and nothing was fetched from elsewhere
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, object>;
    };
    const expected = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    expect(await page.locator('.opblock').count()).toBe(expected);
    await expect(
      page
        .locator('.opblock-summary-path', { hasText: '/api/projects/{code}/documents' })
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    expect(external).toEqual([]);
    await page.screenshot({ path: '.data/test/api-docs.png' });
  });
});
