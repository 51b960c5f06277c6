import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startApp, type RunningApp } from './app';

/** Flags that keep Debian's Chromium quiet and working on a sandboxed machine with no internet. */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Headless Debian Chromium; playwright gives each launch a fresh, empty user-data-dir of its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
}

const artifacts = path.resolve(import.meta.dirname, '../.artifacts');

/** Saves a screenshot under tests/e2e/.artifacts for a person to look at. */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/**
 * Collects what Chromium reports on the console about the page's
 * Content-Security-Policy: a blocked script, style, frame or connection.
 * Expect it empty once the page has done its work.
 */
export function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  return violations;
}

/**
 * The built app and a browser for one test file: started before its tests,
 * stopped after them. Read `app` and `browser` inside the tests.
 */
export function withAppAndBrowser(options: Parameters<typeof startApp>[0] = {}) {
  const running = {} as { app: RunningApp; browser: Browser };
  beforeAll(async () => {
    [running.app, running.browser] = await Promise.all([startApp(options), launchBrowser()]);
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.app?.stop();
  });
  return running;
}
