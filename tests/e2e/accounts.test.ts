import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, confirmEmail, linkFromMailbox, signUp } from './helpers/accounts';
import { startApp, type RunningApp } from './helpers/app';
import { launchBrowser, screenshot } from './helpers/browser';

let app: RunningApp;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const PASSWORD = TEST_PASSWORD;

async function newPage(): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  return [context, await context.newPage()];
}

describe('accounts and workspaces, as people use them', () => {
  it('sign up → verify by mail → log out → log in → invite → the invitee accepts as an agent', async () => {
    const [ownerContext, owner] = await newPage();
    await signUp(app.url, owner, { name: 'Ada Owner', email: 'ada@example.com' });

    await owner.goto(
      await linkFromMailbox(app.url, owner, {
        to: 'ada@example.com',
        subject: /confirm|verify/i,
        link: /verify-email/,
      }),
    );
    await confirmEmail(owner);
    await owner.getByRole('heading', { name: "Ada Owner's workspace" }).waitFor();
    expect(await owner.getByTestId('workspace-role').textContent()).toMatch(/own this workspace/);

    await owner
      .getByRole('button', { name: /log out/i })
      .first()
      .click();
    await owner.waitForURL(`${app.url}/`);
    await owner.goto(`${app.url}/app`);
    await owner.waitForURL(/\/login/);
    await owner.getByLabel('E-mail').fill('ada@example.com');
    await owner.getByLabel('Password').fill(PASSWORD);
    await owner.getByRole('button', { name: 'Log in' }).click();
    await owner.getByRole('heading', { name: "Ada Owner's workspace" }).waitFor();

    await owner.getByRole('link', { name: 'Members', exact: true }).click();
    await owner.getByLabel('E-mail').fill('bob@example.com');
    await owner.getByLabel('Role').selectOption('agent');
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByText('Invitation sent.').waitFor();
    await screenshot(owner, 'members');

    const [inviteeContext, invitee] = await newPage();
    await signUp(app.url, invitee, { name: 'Bob Agent', email: 'bob@example.com' });
    await invitee.goto(
      await linkFromMailbox(app.url, invitee, {
        to: 'bob@example.com',
        subject: /confirm|verify/i,
        link: /verify-email/,
      }),
    );
    await confirmEmail(invitee);
    await invitee.getByRole('heading', { name: "Bob Agent's workspace" }).waitFor();

    await invitee.goto(
      await linkFromMailbox(app.url, invitee, { to: 'bob@example.com', subject: /invit/i, link: /invitations\// }),
    );
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await invitee.getByRole('heading', { name: "Ada Owner's workspace" }).waitFor();
    expect(await invitee.getByTestId('workspace-role').textContent()).toMatch(/agent/);
    await screenshot(invitee, 'invitee-workspace');

    // The owner sees the new member with the agent role.
    await owner.reload();
    await owner.getByText('bob@example.com').waitFor();
    await ownerContext.close();
    await inviteeContext.close();
  });

  it('keeps what was typed and explains the problem when a form is wrong', async () => {
    const [context, page] = await newPage();
    await page.goto(`${app.url}/signup`);
    await page.getByLabel('Your name').fill('Cy');
    await page.getByLabel('E-mail').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').filter({ hasText: /fix/i }).waitFor();
    expect(await page.getByLabel('Your name').inputValue()).toBe('Cy');
    expect(await page.getByLabel('E-mail').inputValue()).toBe('not-an-email');
    expect(await page.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'signup-errors');
    await context.close();
  });
});
