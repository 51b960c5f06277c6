import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { test } from '../fixtures';
import { gotoApp } from './browser';

/**
 * Writes a file's data with the factories before its app starts (the data
 * folder is locked while the app runs); returns a getter for what `seed`
 * returned, for the tests to log in with and open.
 */
export function seedBeforeStart<T>(name: string, seed: (dataDir: string) => Promise<T>) {
  let seeded: T | undefined;
  test.scoped({
    appOptions: [
      // eslint-disable-next-line no-empty-pattern -- vitest reads what a fixture needs from this pattern
      async ({}, provide) => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `parley-e2e-${name}-`));
        seeded = await seed(dataDir);
        await provide({ dataDir });
      },
      { scope: 'file' },
    ],
  });
  return () => seeded!;
}

/** Logs in through the form and waits to leave the log-in page. */
export async function logInWith(page: Page, appUrl: string, account: { email: string; password: string }) {
  await gotoApp(page, `${appUrl}/login`);
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
