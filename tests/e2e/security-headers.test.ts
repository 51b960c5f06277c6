import { describe, expect } from 'vitest';
import { test } from './fixtures';
import { signUpVerified } from './helpers/accounts';
import { gotoApp, watchCspViolations } from './helpers/browser';
import { trpcAs } from './helpers/trpc';

describe('pages of the built app', () => {
  test('carry the security headers and a CSP whose nonce is on every inline script', async ({ app }) => {
    const appUrl = () => app.url;
    // "System" theme: the page then carries the inline theme script too.
    const response = await fetch(appUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const csp = response.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    for (const directive of ["frame-ancestors 'self'", "object-src 'none'", "base-uri 'self'"])
      expect(csp).toContain(directive);
    const html = await response.text();
    const inline = [...html.matchAll(/<script\b([^>]*)>(?!<\/script>)/g)].filter(
      ([, attributes]) => !/\bsrc=/.test(attributes!),
    );
    expect(inline.length).toBeGreaterThan(0);
    for (const [tag] of inline) expect(tag).toContain(`nonce="${nonce}"`);
  });

  test('never redirect elsewhere, nor fail, for a hostile redirectTo', async ({ app }) => {
    const appUrl = () => app.url;
    const post = (redirectTo: string) =>
      fetch(`${appUrl()}/resources/theme`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: appUrl() },
        body: new URLSearchParams({ theme: 'dark', redirectTo }),
      });
    // CR and LF made the redirect an invalid header: a 500 before the fix. Tab made it //evil.example.
    for (const redirectTo of ['/\r/evil.example', '/\n/evil.example', '/\t/evil.example', '/\\/evil.example']) {
      const response = await post(redirectTo);
      expect(response.status, JSON.stringify(redirectTo)).toBe(302);
      expect(response.headers.get('location'), JSON.stringify(redirectTo)).toBe('/');
    }
    expect((await post('/app/settings?x=1')).headers.get('location')).toBe('/app/settings?x=1');
  });
});

describe('in the browser', () => {
  test('shows no CSP violation on the landing page, the dashboard, the widget preview and the demo page', async ({
    app,
    newPage,
  }) => {
    const appUrl = () => app.url;
    const page = await newPage({ colorScheme: 'dark' });
    const context = page.context();
    const violations = watchCspViolations(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await gotoApp(page, appUrl());
    // Client-side navigation and hydration ran: the theme switch answers.
    await page.getByRole('button', { name: 'Dark', exact: true }).first().click();

    await signUpVerified(appUrl(), page, { name: 'Cy Policy', email: 'cy@example.com' });
    const trpc = await trpcAs(appUrl(), context);
    const workspace = (await trpc.workspace.current.query())!;
    const chatbot = await trpc.chatbot.create.mutate({
      workspaceId: workspace.id,
      name: 'Policy Bot',
      template: 'support',
    });
    await page.goto(`${appUrl()}/app/chatbots/${chatbot.id}/widget`);
    // The live preview frame (same origin) loads and its chat connects over the WebSocket.
    await page
      .frameLocator('[data-testid="widget-preview-frame"]')
      .getByRole('textbox', { name: /message/i })
      .waitFor();
    await page.goto(`${appUrl()}/app/inbox`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();

    // The stand-in customer site: its inline script runs and the widget's launcher appears.
    await page.goto(`${appUrl()}/demo/${chatbot.id}`);
    await page.getByRole('button', { name: "Parley('open')" }).click();
    await page
      .frameLocator('iframe')
      .first()
      .getByRole('textbox', { name: /message/i })
      .waitFor();

    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});
