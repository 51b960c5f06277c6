import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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
  // Cross-site frames in the page's own process. Out of process, headless Chromium now and then routed
  // every key for the chat frame nowhere, though the frame and its message box had focus (1 run in 5,
  // mostly with several pages open; a click did not help). Origins, storage blocking and postMessage
  // checks are the same either way: they are rules of the web, not of the process model.
  '--disable-site-isolation-trials',
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
 * Waits until the page's React has hydrated (app/root.tsx marks `<html data-hydrated>`):
 * before that, buttons that keep their state in the page do nothing and typed values can be
 * lost. Only pages of the app set the mark.
 */
export async function hydrated(page: Page) {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** Opens a page of the app and waits until it answers clicks. */
export async function gotoApp(page: Page, url: string) {
  const response = await page.goto(url);
  await hydrated(page);
  return response;
}
