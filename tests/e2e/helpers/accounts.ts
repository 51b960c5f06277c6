import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { gotoApp } from './browser';

/** A password that passes the strength rules. */
export const TEST_PASSWORD = 'lantern-orchard-velvet-42';

export async function signUp(baseUrl: string, page: Page, account: { name: string; email: string }) {
  await gotoApp(page, `${baseUrl}/signup`);
  await page.getByLabel('Your name').fill(account.name);
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
}

/** Opens the newest outbox mail to `to` whose subject matches, and returns the link in it that matches `link`. */
export async function linkFromMailbox(
  baseUrl: string,
  page: Page,
  { to, subject, link }: { to: string; subject: RegExp; link: RegExp },
) {
  await gotoApp(page, `${baseUrl}/mailbox`);
  await page
    .getByRole('link')
    .filter({ hasText: `to ${to}` })
    .filter({ hasText: subject })
    .first()
    .click();
  const href = await page.getByRole('link', { name: link }).first().getAttribute('href');
  expect(href).toBeTruthy();
  return href!;
}

/**
 * The page a verification link opens spends nothing until its button is pressed (a POST, so
 * another site cannot confirm or log in through the link). In the browser that signed up no
 * password is asked for.
 */
export async function confirmEmail(page: Page) {
  await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
}

/** A verified account, logged in on `page`, looking at its personal workspace. */
export async function signUpVerified(baseUrl: string, page: Page, account: { name: string; email: string }) {
  await signUp(baseUrl, page, account);
  await gotoApp(
    page,
    await linkFromMailbox(baseUrl, page, { to: account.email, subject: /confirm|verify/i, link: /verify-email/ }),
  );
  await confirmEmail(page);
  await page.getByRole('heading', { name: `${account.name}'s workspace` }).waitFor();
}
