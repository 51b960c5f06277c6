import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { test as base } from './fixtures';
import { linkFromMailbox, signUpVerified } from './helpers/accounts';
import { gotoApp, screenshot } from './helpers/browser';

/** A small website on this machine for the web page and sitemap imports (private addresses allowed for it). */
const PAGES: Record<string, { title: string; body: string }> = {
  '/help/returns': { title: 'Returns help', body: '<h1>Returns</h1><p>Return unworn shoes within 30 days.</p>' },
  '/help/delivery': {
    title: 'Delivery help',
    body: '<h1>Delivery</h1><p>Parcels to Iceland travel by ferry and take 9 days.</p>',
  },
};

const test = base.extend<{ siteUrl: string }>({
  siteUrl: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads what a fixture needs from this pattern
    async ({}, provide) => {
      let siteUrl = '';
      const site = http.createServer((request, response) => {
        if (request.url === '/sitemap.xml') {
          response.writeHead(200, { 'content-type': 'application/xml' });
          const urls = Object.keys(PAGES).map((page) => `<url><loc>${siteUrl}${page}</loc></url>`);
          response.end(
            `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join('')}</urlset>`,
          );
          return;
        }
        const page = PAGES[request.url ?? ''];
        response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
        response.end(
          page
            ? `<!doctype html><html><head><title>${page.title}</title></head><body><main>${page.body}</main></body></html>`
            : 'Not found',
        );
      });
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      await provide(siteUrl);
      site.close();
    },
    { scope: 'file' },
  ],
});
// The imports above fetch from this machine.
test.scoped({ appOptions: { env: { KNOWLEDGE_ALLOW_PRIVATE_URLS: 'true' } } });

const RETURNS = `# Returns

You can return shoes within 30 days if they show no visible wear on the soles.

## Damaged items

If an item arrives damaged, send us a photo within 7 days and we ship a replacement at no cost.`;

const DESKTOP = { width: 1200, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Ingestion runs through the job queue; the page learns the outcome over the live subscription, without a reload. */
const waitUntilReady = (page: Page, list: string, title: string) =>
  page
    .getByRole('list', { name: list })
    .getByRole('listitem')
    .filter({ hasText: title })
    .getByText('ready', { exact: true })
    .waitFor({ timeout: 30_000 });

/** The add-knowledge panel's kinds (a radio group whose labels look like buttons). */
const chooseKind = (page: Page, kind: 'Paste text' | 'Upload files' | 'Web page' | 'Sitemap') =>
  page.getByRole('group', { name: 'Kind of source' }).getByText(kind, { exact: true }).click();

// Shared by the tests below: the account made by the first one, and the chatbot it set up.
let session: Awaited<ReturnType<BrowserContext['storageState']>>;
let chatbotUrl: string;

describe('chatbots and their knowledge', () => {
  test('sets up a chatbot through the wizard: name, template, knowledge learnt live, widget style, embed snippet', async ({
    app,
    newPage,
  }) => {
    const page = await newPage({ viewport: DESKTOP });
    await signUpVerified(app.url, page, { name: 'Kim Builder', email: 'kim@example.com' });

    await page.getByRole('link', { name: 'Chatbots', exact: true }).click();
    await page.getByRole('link', { name: 'New chatbot' }).first().click();
    await page.getByText('Steps 1–2 of 5').waitFor();
    await page.getByLabel('1. Chatbot name').fill('Acme Help');
    await screenshot(page, 'setup-name-desktop');
    await page.getByRole('radio', { name: /support/i }).check();
    await page.getByRole('button', { name: 'Create chatbot' }).click();

    await page.getByRole('heading', { name: 'Add what it should know' }).waitFor();
    await page.getByText('Step 3 of 5').waitFor();
    chatbotUrl = new URL(page.url()).pathname.replace(/\/setup$/, '');
    await page.getByLabel('Title').fill('Returns policy');
    await page.getByLabel('Text or Markdown').fill(RETURNS);
    await page.getByRole('button', { name: 'Add text' }).click();
    await page.getByRole('status').filter({ hasText: 'Added “Returns policy”' }).waitFor();
    // The form empties for the next source.
    expect(await page.getByLabel('Title').inputValue()).toBe('');
    await waitUntilReady(page, 'Sources', 'Returns policy');
    await screenshot(page, 'setup-knowledge-desktop');

    await page.getByRole('link', { name: 'Next: Widget style' }).click();
    await page.getByText('Step 4 of 5').waitFor();
    // The style step edits the look beside the real chat, which already answers (a draft, by preview token).
    await page.getByRole('form', { name: 'Widget style' }).waitFor();
    const preview = page.frameLocator('[data-testid="widget-preview-frame"]');
    await preview.getByRole('textbox', { name: /message/i }).waitFor();
    // Typed once the page is live (the preview's launcher follows the field), not into the server's HTML.
    await expect
      .poll(async () => {
        await page.getByLabel('Launcher label').fill('Ask Acme');
        return page.getByTestId('widget-preview-launcher').textContent();
      })
      .toContain('Ask Acme');
    await page.getByRole('button', { name: 'Save widget style' }).click();
    await page.getByText('Widget style saved.').waitFor();
    await page.reload();
    expect(await page.getByLabel('Launcher label').inputValue()).toBe('Ask Acme');
    await screenshot(page, 'setup-style-desktop');
    await page.getByRole('link', { name: 'Next: Embed' }).click();
    await page.getByText('Step 5 of 5').waitFor();
    const snippet = await page.getByTestId('embed-snippet').textContent();
    expect(snippet).toContain(`${app.url}/widget.js`);
    expect(snippet).toMatch(/data-chatbot="[^"]+"/);
    await screenshot(page, 'setup-embed-desktop');
    await page.getByRole('link', { name: 'Back' }).click();
    await page.getByText('Step 4 of 5').waitFor();
    await page.getByRole('link', { name: 'Next: Embed' }).click();
    await page.getByRole('link', { name: 'Finish' }).click();

    await page.getByRole('heading', { name: 'Acme Help' }).waitFor();
    const tabs = page.getByRole('navigation', { name: 'Chatbot sections' });
    expect(await tabs.getByRole('link', { name: 'Knowledge' }).getAttribute('aria-current')).toBe('page');
    await waitUntilReady(page, 'Sources', 'Returns policy');
    await screenshot(page, 'chatbot-knowledge-desktop');
    await tabs.getByRole('link', { name: 'Test' }).click();
    await page.getByLabel('Question to test').fill('what if my parcel arrives damaged?');
    await page.getByRole('button', { name: 'Search' }).click();
    const first = page.getByRole('list', { name: 'Retrieved passages' }).getByRole('listitem').first();
    await first.waitFor();
    expect(await first.textContent()).toMatch(/Damaged items/);
    await screenshot(page, 'chatbot-test-desktop');

    session = await page.context().storageState();
  });

  /** A page of the app (by default the chatbot set up above), signed in as its owner, hydrated. */
  const open = async (
    { app, newPage }: { app: { url: string }; newPage: (options: BrowserContextOptions) => Promise<Page> },
    subpath = '',
    viewport = DESKTOP,
    path = chatbotUrl,
  ) => {
    const page = await newPage({ viewport, storageState: session });
    await gotoApp(page, `${app.url}${path}${subpath}`);
    return page;
  };

  test('uploads files from disk that turn ready live, and refuses a kind it cannot read before sending it', async ({
    app,
    newPage,
  }) => {
    const page = await open({ app, newPage });
    await chooseKind(page, 'Upload files');
    const picker = page.getByLabel('Files', { exact: true });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-upload-'));
    const wrongKind = path.join(dir, 'minutes.docx');
    fs.writeFileSync(wrongKind, 'not a format we read');
    await picker.setInputFiles(wrongKind);
    await page.getByText('minutes.docx is not a file we can read').waitFor();

    // Two real files at once (the repository's public-domain fixtures), each its own source.
    const files = path.resolve(import.meta.dirname, '../fixtures/knowledge/files');
    await picker.setInputFiles([path.join(files, 'lighthouse-keeping.md'), path.join(files, 'constitution.pdf')]);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('status').filter({ hasText: 'Added lighthouse-keeping.md and constitution.pdf' }).waitFor();
    await waitUntilReady(page, 'Sources', 'lighthouse-keeping.md');
    await waitUntilReady(page, 'Sources', 'constitution.pdf');
    await screenshot(page, 'chatbot-upload-desktop');
  });

  test('imports web pages and a sitemap (its new pages nested under it), shows a failure with its reason, and retries it', async ({
    app,
    newPage,
    siteUrl,
  }) => {
    const page = await open({ app, newPage });
    await chooseKind(page, 'Web page');
    await page.getByLabel('Page URL').fill(`${siteUrl}/help/returns`);
    await page.getByRole('button', { name: 'Add page' }).click();
    // The job names the source after the page's <title>.
    await waitUntilReady(page, 'Sources', 'Returns help');

    await chooseKind(page, 'Sitemap');
    await page.getByLabel('Sitemap URL').fill(`${siteUrl}/sitemap.xml`);
    await page.getByRole('button', { name: 'Add sitemap' }).click();
    const sitemap = page.getByRole('list', { name: 'Sources' }).getByRole('listitem').filter({ hasText: 'Sitemap of' });
    // The page added on its own above is not imported twice.
    await sitemap.getByText('1 page · 1 ready').waitFor({ timeout: 30_000 });
    await sitemap.getByText('1 of them were already sources').waitFor();
    await sitemap
      .getByRole('listitem')
      .filter({ hasText: 'Delivery help' })
      .getByText('ready', { exact: true })
      .waitFor();
    await screenshot(page, 'chatbot-sitemap-desktop');

    // A page that is not there yet fails with its reason; once it exists, Retry brings it in.
    await chooseKind(page, 'Web page');
    await page.getByLabel('Page URL').fill(`${siteUrl}/help/hours`);
    await page.getByRole('button', { name: 'Add page' }).click();
    const hours = page.getByRole('list', { name: 'Sources' }).getByRole('listitem').filter({ hasText: '/help/hours' });
    await hours.getByText('failed', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await hours.textContent()).toMatch(/404/);
    await screenshot(page, 'chatbot-source-failed-desktop');
    PAGES['/help/hours'] = { title: 'Opening hours', body: '<h1>Hours</h1><p>We answer from 8 to 18.</p>' };
    await hours.getByRole('button', { name: /^Retry/ }).click();
    await waitUntilReady(page, 'Sources', 'Opening hours');

    // The same address twice is refused by its field.
    await chooseKind(page, 'Sitemap');
    await page.getByLabel('Sitemap URL').fill(`${siteUrl}/sitemap.xml`);
    await page.getByRole('button', { name: 'Add sitemap' }).click();
    await page.getByText('This sitemap is already a source of this chatbot.').waitFor();
  });

  test('edits an FAQ answer in place, and the tester retrieves the new answer', async ({ app, newPage }) => {
    const page = await open({ app, newPage }, '/faq');
    const add = page.getByRole('form', { name: 'Add a question and answer' });
    await add.getByLabel('Question', { exact: true }).fill('Do you ship to Norway?');
    await add.getByLabel('Answer', { exact: true }).fill('Yes, we ship to Norway within 5 working days.');
    await add.getByRole('button', { name: 'Add pair' }).click();
    await waitUntilReady(page, 'FAQ pairs', 'Do you ship to Norway?');
    const pair = page.getByRole('list', { name: 'FAQ pairs' }).getByRole('listitem').first();
    await pair.getByRole('button', { name: /^Edit/ }).click();
    const answer = pair.getByLabel('Answer');
    expect(await answer.inputValue()).toBe('Yes, we ship to Norway within 5 working days.');
    await answer.fill('Yes: Norway takes 3 working days with our Nordic courier, and customs are included.');
    await pair.getByRole('button', { name: 'Save' }).click();
    await pair.getByText('Nordic courier').waitFor();
    await waitUntilReady(page, 'FAQ pairs', 'Nordic courier');
    await screenshot(page, 'chatbot-faq-desktop');

    await page.goto(`${app.url}${chatbotUrl}/test?q=${encodeURIComponent('how long does shipping to Norway take?')}`);
    const first = page.getByRole('list', { name: 'Retrieved passages' }).getByRole('listitem').first();
    expect(await first.textContent()).toMatch(/Nordic courier/);
  });

  test('shows an agent the knowledge without the admin actions', async ({ app, newPage }) => {
    const page = await open({ app, newPage }, '', DESKTOP, '/app/members');
    await page.getByLabel('E-mail').fill('sam@example.com');
    await page.getByLabel('Role').selectOption('agent');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent.').waitFor();
    await page.context().close();

    const agent = await newPage({ viewport: DESKTOP });
    await signUpVerified(app.url, agent, { name: 'Sam Agent', email: 'sam@example.com' });
    await gotoApp(
      agent,
      await linkFromMailbox(app.url, agent, { to: 'sam@example.com', subject: /invit/i, link: /invitations\// }),
    );
    await agent.getByRole('button', { name: 'Accept invitation' }).click();
    await agent.getByRole('heading', { name: "Kim Builder's workspace", exact: true }).waitFor();

    await agent.goto(`${app.url}${chatbotUrl}`);
    await agent.getByText('Only admins can add or remove knowledge.').waitFor();
    const sources = agent.getByRole('list', { name: 'Sources' });
    await sources.getByText('Returns policy').waitFor();
    expect(await sources.getByRole('button').count()).toBe(0);
    expect(await agent.getByRole('heading', { name: 'Add knowledge' }).count()).toBe(0);
    await agent.goto(`${app.url}${chatbotUrl}/faq`);
    await agent.getByText('Only admins can add or change FAQ pairs.').waitFor();
    expect(await agent.getByRole('list', { name: 'FAQ pairs' }).getByRole('button').count()).toBe(0);
  });

  test('deletes a source only after a confirmation', async ({ app, newPage }) => {
    const page = await open({ app, newPage });
    const returns = page
      .getByRole('list', { name: 'Sources' })
      .getByRole('listitem')
      .filter({ hasText: 'Returns policy' });
    await returns.getByRole('button', { name: 'Delete Returns policy' }).click();
    await returns.getByRole('button', { name: 'Cancel' }).click();
    await returns.getByRole('button', { name: 'Delete Returns policy' }).click();
    await returns.getByRole('button', { name: 'Yes, delete' }).click();
    await returns.waitFor({ state: 'detached' });
  });

  test('fits a phone screen: the tab row scrolls instead of pushing the page sideways', async ({ app, newPage }) => {
    const page = await open({ app, newPage }, '', PHONE);
    for (const [subpath, name] of [
      ['', 'chatbot-knowledge-phone'],
      ['/faq', 'chatbot-faq-phone'],
      ['/test?q=damaged', 'chatbot-test-phone'],
      ['/setup?step=knowledge', 'setup-knowledge-phone'],
      ['/setup?step=style', 'setup-style-phone'],
      ['/setup?step=embed', 'setup-embed-phone'],
    ] as const) {
      await page.goto(`${app.url}${chatbotUrl}${subpath}`);
      await screenshot(page, name);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), name).toBe(0);
    }
  });
});
