import { describe, expect } from 'vitest';
import { test } from './fixtures';
import { TEST_PASSWORD, confirmEmail, linkFromMailbox, signUp } from './helpers/accounts';
import { gotoApp, hydrated, screenshot } from './helpers/browser';

const PASSWORD = TEST_PASSWORD;

describe('accounts and workspaces, as people use them', () => {
  test('sign up → verify by mail → log out → log in → invite → the invitee accepts as an agent', async ({
    app,
    page: owner,
    newPage,
  }) => {
    await signUp(app.url, owner, { name: 'Ada Owner', email: 'ada@example.com' });

    await gotoApp(
      owner,
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
    await hydrated(owner);
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

    const invitee = await newPage({ viewport: { width: 1200, height: 900 } });
    await signUp(app.url, invitee, { name: 'Bob Agent', email: 'bob@example.com' });
    await gotoApp(
      invitee,
      await linkFromMailbox(app.url, invitee, {
        to: 'bob@example.com',
        subject: /confirm|verify/i,
        link: /verify-email/,
      }),
    );
    await confirmEmail(invitee);
    await invitee.getByRole('heading', { name: "Bob Agent's workspace" }).waitFor();

    await gotoApp(
      invitee,
      await linkFromMailbox(app.url, invitee, { to: 'bob@example.com', subject: /invit/i, link: /invitations\// }),
    );
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await invitee.getByRole('heading', { name: "Ada Owner's workspace" }).waitFor();
    expect(await invitee.getByTestId('workspace-role').textContent()).toMatch(/agent/);
    await screenshot(invitee, 'invitee-workspace');

    // The owner sees the new member with the agent role.
    await owner.reload();
    await owner.getByText('bob@example.com').waitFor();
  });

  test('an invitee who signs up from the invitation link lands in the inviting workspace with the invited role', async ({
    app,
    operator,
    newPage,
  }) => {
    const team = (await operator.trpc.workspace.current.query())!;
    await operator.trpc.workspace.invite.mutate({ workspaceId: team.id, email: 'cleo@example.com', role: 'admin' });

    const invitee = await newPage({ viewport: { width: 1200, height: 900 } });
    await gotoApp(
      invitee,
      await linkFromMailbox(app.url, invitee, { to: 'cleo@example.com', subject: /invit/i, link: /invitations\// }),
    );
    await invitee.getByRole('link', { name: 'Create an account' }).click();
    await invitee.getByText(`You are joining ${team.name} as an admin.`).waitFor();
    expect(await invitee.getByLabel('E-mail').inputValue()).toBe('cleo@example.com');
    await invitee.getByLabel('Your name').fill('Cleo Invitee');
    await invitee.getByLabel('Password').fill(PASSWORD);
    await invitee.getByRole('button', { name: 'Create account' }).click();
    await invitee.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    await gotoApp(
      invitee,
      await linkFromMailbox(app.url, invitee, {
        to: 'cleo@example.com',
        subject: /confirm|verify/i,
        link: /verify-email/,
      }),
    );
    await confirmEmail(invitee);
    await invitee.getByRole('heading', { name: team.name, exact: true }).waitFor();
    expect(await invitee.getByTestId('workspace-role').textContent()).toMatch(/admin/);
    // The invited workspace is the only one: no empty workspace of the invitee's own.
    const workspaces = await invitee.locator('#workspace-switcher option').allTextContents();
    expect(workspaces).toEqual([team.name]);
  });

  test('keeps what was typed and explains the problem when a form is wrong', async ({ app, page }) => {
    await gotoApp(page, `${app.url}/signup`);
    await page.getByLabel('Your name').fill('Cy');
    await page.getByLabel('E-mail').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').filter({ hasText: /fix/i }).waitFor();
    expect(await page.getByLabel('Your name').inputValue()).toBe('Cy');
    expect(await page.getByLabel('E-mail').inputValue()).toBe('not-an-email');
    expect(await page.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'signup-errors');
  });
});
