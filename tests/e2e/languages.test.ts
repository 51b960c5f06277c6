import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { test } from './fixtures';
import { TEST_PASSWORD, signUpVerified } from './helpers/accounts';
import { gotoApp, screenshot } from './helpers/browser';

const DESKTOP = { viewport: { width: 1200, height: 900 }, colorScheme: 'light' } as const;

/** React's complaints that the browser's first render differed from the server's (a flash of another language). */
function watchHydrationErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /hydrat|did not match|server rendered/i.test(message.text())) {
      errors.push(message.text());
    }
  });
  return errors;
}

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);

describe('the app in the team’s language', () => {
  test('a user who picks German sees the dashboard, the inbox and a refusal in German', async ({ app, newPage }) => {
    const page = await newPage(DESKTOP);
    const hydration = watchHydrationErrors(page);
    await signUpVerified(app.url, page, { name: 'Greta Weber', email: 'greta@example.com' });
    await gotoApp(page, `${app.url}/settings`);
    await page.getByLabel('Language for e-mails and the app').selectOption('de');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByRole('button', { name: 'Präferenzen speichern' }).waitFor();

    await gotoApp(page, `${app.url}/app`);
    await page.reload();
    expect(await lang(page)).toBe('de');
    const nav = page.getByRole('navigation', { name: 'Arbeitsbereich' });
    await nav.getByRole('link', { name: 'Posteingang' }).waitFor();
    await nav.getByRole('link', { name: 'Mitglieder' }).waitFor();
    await shot(page, 'de-dashboard');

    await gotoApp(page, `${app.url}/app/inbox`);
    await page.getByRole('heading', { name: 'Posteingang', level: 1 }).waitFor();
    await page.getByText('Wählen Sie eine Unterhaltung').waitFor();
    expect(await page.title()).toBe('Posteingang · Parley');
    await shot(page, 'de-inbox');

    // A refusal from the server, next to its field, in German.
    await gotoApp(page, `${app.url}/app/members`);
    const invite = page.getByRole('region', { name: 'Jemanden einladen' });
    await invite.getByLabel('E-Mail').fill('greta@example.com');
    await invite.getByRole('button', { name: 'Einladung senden' }).click();
    await invite.getByText('greta@example.com ist bereits Mitglied dieses Arbeitsbereichs.').first().waitFor();
    await shot(page, 'de-members-refusal');
    expect(hydration).toEqual([]);
  });

  test('a signed-out visitor whose browser prefers French sees the landing and log-in pages in French', async ({
    app,
    newPage,
  }) => {
    const page = await newPage({ ...DESKTOP, locale: 'fr-FR' });
    const hydration = watchHydrationErrors(page);
    await gotoApp(page, `${app.url}/`);
    expect(await lang(page)).toBe('fr');
    await page.getByRole('link', { name: 'Lancez-le vous-même' }).waitFor();
    await page.getByText('vos propres connaissances').first().waitFor();
    await shot(page, 'fr-landing');

    await gotoApp(page, `${app.url}/login`);
    await page.getByRole('heading', { name: 'Se connecter à Parley' }).waitFor();
    await page.getByLabel('Mot de passe', { exact: true }).waitFor();
    // A refusal from the server in French too.
    await page.getByLabel('E-mail').fill('nobody@example.com');
    await page.getByLabel('Mot de passe', { exact: true }).fill(TEST_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Se connecter' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /mot de passe/i })
      .waitFor();
    await shot(page, 'fr-login');

    // The switch on signed-out pages wins over the browser, and stays.
    await page.getByLabel('Langue').selectOption('de');
    await page.getByRole('heading', { name: 'Bei Parley anmelden' }).waitFor();
    await page.reload();
    expect(await lang(page)).toBe('de');
    expect(hydration).toEqual([]);
  });

  test('a Spanish-speaking sign-up gets its confirmation e-mail in Spanish', async ({ app, newPage }) => {
    const page = await newPage({ ...DESKTOP, locale: 'es-ES' });
    await gotoApp(page, `${app.url}/signup`);
    await page.getByLabel('Tu nombre').fill('Lucía Pérez');
    await page.getByLabel('Correo electrónico').fill('lucia@example.com');
    await page.getByLabel('Contraseña', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Crear cuenta' }).click();
    await page.getByRole('heading', { name: 'Revisa tu correo' }).waitFor();
    await shot(page, 'es-signup-sent');

    await gotoApp(page, `${app.url}/mailbox`);
    await page.getByRole('link').filter({ hasText: 'Confirma tu dirección de correo para Parley' }).first().click();
    await page.getByText('Te damos la bienvenida a Parley, Lucía Pérez').first().waitFor();
    await shot(page, 'es-confirmation-mail');
  });
});
