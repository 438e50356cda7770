/**
 * Headless Chromium for end-to-end tests: Debian's chromium driven by playwright-core (no browser
 * download), with the flags this closed network needs.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { chromium, type Browser } from 'playwright-core';
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

/** Serves an express app on a free loopback port; returns its base URL and a stop function. */
export async function serve(app: Express): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => server.close(() => r())) };
}
