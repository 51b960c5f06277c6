/**
 * The shared set-up of the browser tests, as vitest fixtures (`test.extend`).
 * Import `test` from here instead of vitest's `it` and name what a test needs
 * in its first argument; only what is named gets set up:
 *
 *   test('…', async ({ app, page }) => { await gotoApp(page, `${app.url}/login`); … });
 *
 * Per file (`scope: 'file'`: set up for the first test that names it, torn
 * down after the file's last test):
 * - `app`: the built app on a free port with a data folder of its own.
 *   Change how it starts for one file with `test.scoped({ appOptions: … })`
 *   at the top of that file (env, dataDir, port; see `AppOptions`).
 * - `browser`: headless Chromium.
 * - `site`: a customer's website on another origin; it embeds the widget of
 *   the chatbot a test names with `site.embed(publicKey)`.
 * - `operator`: a verified account (`OPERATOR`) signed up in a browser
 *   context of its own, with that context, its page and a tRPC client.
 *
 * Per test (closed after it):
 * - `page`: a fresh context (1200×900) and page.
 * - `newPage(options)`: another fresh context and page, with playwright's
 *   context options (viewport, colour scheme, locale …) as given.
 *
 * State a file's tests share (a chatbot the first test made, a second
 * origin) is one more fixture with `{ scope: 'file' }`, by `test.extend` in
 * that file. Pages of the app answer clicks only once hydrated: open them with
 * `gotoApp(page, url)` (helpers/browser.ts) when the next step interacts.
 * Timing: per-file fixtures are set up inside the first test that names them,
 * so that test's timeout (vitest.config.ts) covers starting the app too.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { test as base } from 'vitest';
import { signUpVerified } from './helpers/accounts';
import { startApp, type AppOptions, type RunningApp } from './helpers/app';
import { launchBrowser } from './helpers/browser';
import { customerSite, widgetSnippet } from './helpers/customer-site';
import { cuttableProxy, type CuttableProxy } from './helpers/proxy';
import { trpcAs } from './helpers/trpc';
import { freePort } from '../helpers/net';

/**
 * Vitest's test timeout does not cover a fixture's teardown: one that never ends (a browser that
 * does not close, an app that does not stop) would hold the whole run. It fails the file instead.
 */
async function bounded<T>(work: Promise<T>, what: string, ms = 90_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Tearing down took over ${ms / 1000} s: ${what}`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The operator's account: a site owner who sets up chatbots. */
export const OPERATOR = { name: 'Wren Owner', email: 'wren@example.com' };

export type CustomerSite = {
  url: string;
  /** From now on the site's page loads the widget of the chatbot with this key. */
  embed: (publicKey: string) => void;
};

export type Operator = {
  account: typeof OPERATOR;
  context: BrowserContext;
  /** Left on the operator's workspace after signing up. */
  page: Page;
  trpc: Awaited<ReturnType<typeof trpcAs>>;
};

type FileFixtures = {
  appOptions: AppOptions;
  app: RunningApp;
  browser: Browser;
  site: CustomerSite;
  operator: Operator;
};

type TestFixtures = {
  page: Page;
  newPage: (options?: BrowserContextOptions) => Promise<Page>;
};

export const test = base.extend<FileFixtures & TestFixtures>({
  appOptions: [{}, { scope: 'file' }],

  app: [
    async ({ appOptions }, provide) => {
      const app = await startApp(appOptions);
      await provide(app);
      await bounded(app.stop(), 'stopping the app');
    },
    { scope: 'file' },
  ],

  browser: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads what a fixture needs from this pattern
    async ({}, provide) => {
      const browser = await launchBrowser();
      await provide(browser);
      await bounded(browser.close(), 'closing the browser');
    },
    { scope: 'file' },
  ],

  site: [
    async ({ app }, provide) => {
      let publicKey = '';
      const site = await customerSite(() => widgetSnippet(app.url, publicKey));
      await provide({ url: site.url, embed: (key) => (publicKey = key) });
      await bounded(site.close(), 'closing the customer site');
    },
    { scope: 'file' },
  ],

  operator: [
    async ({ app, browser }, provide) => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await signUpVerified(app.url, page, OPERATOR);
      await provide({ account: OPERATOR, context, page, trpc: await trpcAs(app.url, context) });
      await bounded(context.close(), "closing the operator's browser context");
    },
    { scope: 'file' },
  ],

  newPage: async ({ browser }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (options = {}) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      return context.newPage();
    });
    for (const context of contexts) await bounded(context.close(), 'closing a browser context');
  },

  page: async ({ newPage }, provide) => {
    await provide(await newPage({ viewport: { width: 1200, height: 900 } }));
  },
});

/**
 * Starts this file's app behind a TCP proxy the test can cut and restore;
 * APP_URL (so `app.url`) goes through it. Call at the top of a test file.
 */
export function behindCuttableProxy(): Pick<CuttableProxy, 'cut' | 'restore'> {
  let proxy: CuttableProxy | null = null;
  test.scoped({
    appOptions: [
      // eslint-disable-next-line no-empty-pattern -- vitest reads what a fixture needs from this pattern
      async ({}, provide) => {
        const port = await freePort();
        proxy = await cuttableProxy(() => port);
        await provide({ port, env: { APP_URL: `http://127.0.0.1:${proxy.port}` } });
        await bounded(proxy.close(), 'closing the proxy');
      },
      { scope: 'file' },
    ],
  });
  return { cut: () => proxy?.cut(), restore: () => proxy?.restore() };
}
