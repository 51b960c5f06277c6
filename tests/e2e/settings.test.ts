import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { test } from './fixtures';
import { TEST_PASSWORD, linkFromMailbox, signUp, signUpVerified } from './helpers/accounts';
import { gotoApp, hydrated, screenshot } from './helpers/browser';

const PASSWORD = TEST_PASSWORD;
const NEW_PASSWORD = 'copper-meadow-tundra-87';

/** What every page of this file opens with. */
const DESKTOP_LIGHT = { viewport: { width: 1200, height: 900 }, colorScheme: 'light' } as const;

/** Full-page shots taken while scrolled would paint the sticky header mid-page. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

async function logIn(appUrl: string, page: Page, { email, password }: { email: string; password: string }) {
  await gotoApp(page, `${appUrl}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

const section = (page: Page, name: string) => page.getByRole('region', { name });

describe('account settings', () => {
  test('sends a logged-out visitor to log in first', async ({ app, newPage }) => {
    const page = await newPage(DESKTOP_LIGHT);
    await page.goto(`${app.url}/settings`);
    await page.waitForURL(`${app.url}/login?redirectTo=%2Fsettings`);
  });

  test('changes the name, keeps typed values after errors, and saves preferences', async ({ app, newPage }) => {
    const page = await newPage(DESKTOP_LIGHT);
    await signUpVerified(app.url, page, { name: 'Ada Lovelace', email: 'ada@example.com' });
    await gotoApp(page, `${app.url}/settings`);
    await page.getByRole('heading', { name: 'Account settings', level: 1 }).waitFor();
    await shot(page, 'settings-light');

    // Profile: an empty name is refused inline and what was typed stays; a real one is saved.
    const profile = section(page, 'Profile');
    await profile.getByLabel('Name').fill('   ');
    await profile.getByRole('button', { name: 'Save name' }).click();
    await profile.getByText('Enter your name.').waitFor();
    expect(await profile.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    expect(await profile.getByLabel('Name').inputValue()).toBe('   ');
    await profile.getByLabel('Name').fill('Ada King');
    await profile.getByRole('button', { name: 'Save name' }).click();
    await profile.getByText('Your name is saved.').waitFor();
    // The header's log-out button names the person.
    await page.getByRole('button', { name: 'Log out Ada King' }).waitFor();

    // E-mail: a wrong password is explained next to the field; the new address stays typed.
    const email = section(page, 'E-mail address');
    await email.getByLabel('New e-mail address').fill('ada.king@example.com');
    await email.getByLabel('Current password').fill('not-my-password-at-all');
    await email.getByRole('button', { name: 'Send confirmation link' }).click();
    await email.getByRole('alert').filter({ hasText: /fix/i }).waitFor();
    await email.getByText('That is not your current password.').waitFor();
    expect(await email.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
    expect(await email.getByLabel('New e-mail address').inputValue()).toBe('ada.king@example.com');
    expect(await email.getByLabel('Current password').inputValue()).toBe('');
    await shot(page, 'settings-email-error');

    // The right password sends a link; the address changes only when it is opened.
    await email.getByLabel('Current password').fill(PASSWORD);
    await email.getByRole('button', { name: 'Send confirmation link' }).click();
    await email.getByText('We sent a link to ada.king@example.com; your address changes when you open it.').waitFor();
    const confirmLink = await linkFromMailbox(app.url, page, {
      to: 'ada.king@example.com',
      subject: /.*/,
      link: /confirm-email/,
    });
    await gotoApp(page, confirmLink);
    await page.getByRole('button', { name: 'Confirm the new address' }).click();
    await page.waitForURL(/\/settings\?emailChanged=1/);
    await page.getByText('Your e-mail address is now ada.king@example.com.').waitFor();
    expect(await section(page, 'E-mail address').textContent()).toContain('Currently ada.king@example.com');
    // The same link a second time explains itself instead of failing silently.
    await gotoApp(page, confirmLink);
    await page.getByRole('button', { name: 'Confirm the new address' }).click();
    await page.getByText('This link is invalid, was already used or has expired.').waitFor();
    await shot(page, 'confirm-email-invalid');

    // Preferences persist across a reload, and the theme is applied at once.
    await gotoApp(page, `${app.url}/settings`);
    let preferences = section(page, 'Preferences');
    await preferences.getByLabel('Dark').check();
    await preferences.getByLabel('Browser notifications for new conversations').check();
    await preferences.getByRole('button', { name: 'Save preferences' }).click();
    await preferences.getByText('Preferences saved.').waitFor();
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    await page.reload();
    await hydrated(page);
    expect(await preferences.getByLabel('Dark').isChecked()).toBe(true);
    expect(await preferences.getByLabel('Browser notifications for new conversations').isChecked()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    // Keyboard: from the language menu, Shift+Tab lands on the chosen theme (one tab stop per radio group).
    await preferences.getByLabel('Language for e-mails and the app').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('dark');
    await shot(page, 'settings-dark');

    // The language is the app's: German at once, and after a reload from the server's first paint.
    await preferences.getByLabel('Language for e-mails and the app').selectOption('de');
    await preferences.getByRole('button', { name: 'Save preferences' }).click();
    preferences = section(page, 'Präferenzen');
    await preferences.getByRole('button', { name: 'Präferenzen speichern' }).waitFor();
    await page.reload();
    await hydrated(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await preferences.getByLabel('Sprache für E-Mails und die App').inputValue()).toBe('de');
    await shot(page, 'settings-dark-de');
    await preferences.getByLabel('Sprache für E-Mails und die App').selectOption('en');
    await preferences.getByRole('button', { name: 'Präferenzen speichern' }).click();
    preferences = section(page, 'Preferences');
    await preferences.getByRole('button', { name: 'Save preferences' }).waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'settings-phone-dark');
    await preferences.getByLabel('Light').check();
    await preferences.getByRole('button', { name: 'Save preferences' }).click();
    await preferences.getByText('Preferences saved.').waitFor();
    await page.waitForFunction(() => !document.documentElement.classList.contains('dark'));
    await shot(page, 'settings-phone-light');
  });

  test('changes the password: the old one stops working, the new one works', async ({ app, newPage }) => {
    const page = await newPage(DESKTOP_LIGHT);
    await signUpVerified(app.url, page, { name: 'Grace Hopper', email: 'grace@example.com' });
    await gotoApp(page, `${app.url}/settings`);
    const password = section(page, 'Password');
    await password.getByLabel('Current password').fill(PASSWORD);
    await password.getByLabel('New password').fill('short');
    await password.getByText(/Strength: .*Use at least 10 characters/).waitFor();
    await password.getByRole('button', { name: 'Change password' }).click();
    await password.getByRole('alert').filter({ hasText: /fix/i }).waitFor();
    expect(await password.getByLabel('New password').getAttribute('aria-invalid')).toBe('true');
    expect(await password.getByLabel('New password').inputValue()).toBe('');

    await password.getByLabel('Current password').fill(PASSWORD);
    await password.getByLabel('New password').fill(NEW_PASSWORD);
    await password.getByRole('button', { name: 'Change password' }).click();
    await password.getByText('Password changed. Your other sessions were logged out.').waitFor();

    await page.getByRole('button', { name: 'Log out Grace Hopper' }).click();
    await page.waitForURL(`${app.url}/`);
    await logIn(app.url, page, { email: 'grace@example.com', password: PASSWORD });
    await page.getByRole('alert').filter({ hasText: 'That e-mail and password do not match.' }).waitFor();
    await logIn(app.url, page, { email: 'grace@example.com', password: NEW_PASSWORD });
    await page.getByRole('heading', { name: "Grace Hopper's workspace" }).waitFor();
  });

  test('lists sessions and logs another device out', async ({ app, newPage }) => {
    const page = await newPage(DESKTOP_LIGHT);
    await signUpVerified(app.url, page, { name: 'Katherine Johnson', email: 'katherine@example.com' });
    const other = await newPage(DESKTOP_LIGHT);
    await logIn(app.url, other, { email: 'katherine@example.com', password: PASSWORD });
    await other.waitForURL(/\/app/);

    await gotoApp(page, `${app.url}/settings`);
    const sessions = section(page, 'Sessions');
    expect(await sessions.getByTestId('session').count()).toBe(2);
    expect(await sessions.getByText('This device').count()).toBe(1);
    expect(await sessions.textContent()).toContain('Headless Chrome on Linux');
    await shot(page, 'settings-sessions');

    await sessions.getByRole('button', { name: 'Log out Headless Chrome on Linux' }).click();
    await sessions.getByText('That session is logged out.').waitFor();
    await sessions.getByTestId('session').nth(1).waitFor({ state: 'detached' });

    await other.goto(`${app.url}/settings`);
    await other.waitForURL(/\/login\?redirectTo=/);
    // This device is still in.
    await page.reload();
    await page.getByRole('heading', { name: 'Account settings', level: 1 }).waitFor();

    // Two more devices: "all other sessions" ends both and keeps this one.
    const third = await newPage(DESKTOP_LIGHT);
    await logIn(app.url, third, { email: 'katherine@example.com', password: PASSWORD });
    await third.waitForURL(/\/app/);
    await logIn(app.url, other, { email: 'katherine@example.com', password: PASSWORD });
    await other.waitForURL(/\/app/);
    await page.reload();
    await hydrated(page);
    expect(await sessions.getByTestId('session').count()).toBe(3);
    await sessions.getByRole('button', { name: 'Log out all other sessions' }).click();
    await sessions.getByText('All other sessions are logged out.').waitFor();
    await sessions.getByTestId('session').nth(1).waitFor({ state: 'detached' });
    await third.goto(`${app.url}/app`);
    await third.waitForURL(/\/login\?redirectTo=/);

    // "Everywhere" includes this device.
    await logIn(app.url, other, { email: 'katherine@example.com', password: PASSWORD });
    await other.waitForURL(/\/app/);
    await sessions.getByRole('button', { name: 'Log out everywhere' }).click();
    await page.waitForURL(`${app.url}/`);
    await other.goto(`${app.url}/settings`);
    await other.waitForURL(/\/login\?redirectTo=/);
    await page.goto(`${app.url}/settings`);
    await page.waitForURL(/\/login\?redirectTo=/);
  });

  test('asks an unconfirmed account to confirm first, and sends the link again from the log-in page', async ({
    app,
    newPage,
  }) => {
    const page = await newPage(DESKTOP_LIGHT);
    await signUp(app.url, page, { name: 'Mary Jackson', email: 'mary@example.com' });
    await logIn(app.url, page, { email: 'mary@example.com', password: PASSWORD });
    await page.getByText('Confirm your e-mail address first: open the link we sent to mary@example.com.').waitFor();
    await page.getByRole('button', { name: 'Send the confirmation link again' }).click();
    await page.getByRole('status').filter({ hasText: 'a new confirmation link is on its way' }).waitFor();
    await shot(page, 'confirm-first');

    // A resent link proves no sign-up in this browser: its page asks for the password to keep.
    await gotoApp(
      page,
      await linkFromMailbox(app.url, page, { to: 'mary@example.com', subject: /confirm/i, link: /verify-email/ }),
    );
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
    await page.getByRole('heading', { name: "Mary Jackson's workspace" }).waitFor();
  });
});
