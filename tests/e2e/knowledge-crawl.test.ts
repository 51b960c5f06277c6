import http from 'node:http';
import { afterAll, beforeAll, describe } from 'vitest';
import { freePort } from '../helpers/net';
import { test } from './fixtures';
import { gotoApp, screenshot } from './helpers/browser';

/**
 * A customer's website on loopback: three linked pages, each answered after a short pause so the
 * crawl's progress can be watched. `pages` is mutable: the test edits the shipping page.
 */
const pages: Record<string, { title: string; body: string }> = {
  '/': {
    title: 'Lumen Lamps',
    body: '<p>Handmade lamps from Porto.</p><a href="/shipping">Shipping</a> <a href="/care">Care</a>',
  },
  '/shipping': {
    title: 'Shipping',
    body: '<h1>Shipping</h1><p>Parcels leave our workshop within five working days by standard post.</p>',
  },
  '/care': {
    title: 'Lamp care',
    body: '<h1>Lamp care</h1><p>Dust the linen shades with a soft dry brush once a month.</p><a href="/">Home</a>',
  },
};

const sitePort = await freePort();
const siteUrl = `http://127.0.0.1:${sitePort}`;
const site = http.createServer((request, response) => {
  const page = pages[request.url ?? ''];
  setTimeout(() => {
    if (!page) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html><head><title>${page.title}</title></head><body>${page.body}</body></html>`);
  }, 400);
});
beforeAll(() => new Promise<void>((resolve) => site.listen(sitePort, '127.0.0.1', resolve)));
afterAll(() => new Promise<void>((resolve) => site.close(() => resolve())));

// The SSRF guard stays on for every address but this one site (exact address and port).
test.scoped({
  appOptions: { env: { UNSAFE_KNOWLEDGE_FETCH_EXEMPT: `127.0.0.1:${sitePort}`, KNOWLEDGE_HOST_DELAY_MS: '300' } },
});

describe('knowledge that follows the website', () => {
  test('crawls a whole site with live progress, syncs a changed page and answers with the new text', async ({
    app,
    operator,
  }) => {
    const workspaceId = (await operator.trpc.workspace.current.query())!.id;
    const chatbot = await operator.trpc.chatbot.create.mutate({ workspaceId, name: 'Lumen Help', template: 'support' });
    const page = operator.page;
    await gotoApp(page, `${app.url}/app/chatbots/${chatbot.id}`);

    await page.getByText('Whole site', { exact: true }).click();
    await page.getByLabel('Start address').fill(`${siteUrl}/`);
    await page.getByRole('button', { name: 'Crawl site' }).click();

    const sources = page.getByRole('list', { name: 'Sources' });
    // The progress is live: the crawl says how far it is, then what it imported.
    await sources
      .getByText(/Crawling: \d+ of up to \d+ pages visited/)
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'knowledge-crawl-progress');
    await sources.getByText(/Crawled 3 pages; 3 with text imported/).waitFor({ timeout: 60_000 });
    await sources.getByText('3 pages · 3 ready').waitFor({ timeout: 30_000 });

    // The shop changes its shipping page; "Sync now" brings the change in without waiting for the schedule.
    pages['/shipping']!.body =
      '<h1>Shipping</h1><p>Since March every parcel leaves our workshop within 24 hours by express courier.</p>';
    await page
      .getByRole('button', { name: /Sync now/ })
      .first()
      .click();
    await sources.getByText(/sync queued…/i).waitFor();
    await sources.getByText(/Last synced .*\(updated\)/).waitFor({ timeout: 60_000 });
    await screenshot(page, 'knowledge-crawl-synced');

    await gotoApp(page, `${app.url}/app/chatbots/${chatbot.id}/playground`);
    await page.getByLabel('Your message').fill('How fast do parcels leave the workshop?');
    await page.getByRole('button', { name: 'Send' }).click();
    const thread = page.getByRole('list', { name: 'Messages' });
    await thread.getByText('within 24 hours by express courier', { exact: false }).waitFor({ timeout: 30_000 });
    await thread
      .getByRole('list', { name: 'Sources' })
      .getByText(/Shipping/)
      .first()
      .waitFor();
    // Never the old text: the changed page's stale passage is gone.
    if ((await thread.getByText('within five working days', { exact: false }).count()) > 0)
      throw new Error('the playground answered from the old shipping page');
    await screenshot(page, 'knowledge-crawl-answer');
  });

  test('uploads several dropped files at once, each with its own status', async ({ app, operator }) => {
    const workspaceId = (await operator.trpc.workspace.current.query())!.id;
    const chatbot = await operator.trpc.chatbot.create.mutate({ workspaceId, name: 'Drop Help', template: 'support' });
    const page = operator.page;
    await gotoApp(page, `${app.url}/app/chatbots/${chatbot.id}`);
    await page.getByText('Upload files', { exact: true }).click();

    // What a drag from the desktop delivers: three files, one of a kind Parley cannot read.
    const dropped = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['# Warranty\n\nEvery lamp has a five year warranty.'], 'warranty.md'));
      transfer.items.add(new File(['# Care\n\nDust the shades with a soft brush.'], 'care.md'));
      transfer.items.add(new File(['MZ'], 'setup.exe'));
      return transfer;
    });
    await page.locator('[data-drop-zone]').dispatchEvent('drop', { dataTransfer: dropped });

    const statuses = page.getByRole('list', { name: 'Dropped files' });
    for (const name of ['warranty.md', 'care.md'])
      await statuses
        .getByRole('listitem')
        .filter({ hasText: name })
        .getByText('Added; being read and indexed')
        .waitFor();
    await statuses.getByText('setup.exe is not a file we can read: upload .txt, .md, .html or .pdf files.').waitFor();
    const sources = page.getByRole('list', { name: 'Sources' });
    for (const title of ['Warranty', 'Care'])
      await sources
        .getByRole('listitem')
        .filter({ hasText: title })
        .getByText('ready', { exact: true })
        .first()
        .waitFor({ timeout: 30_000 });
    await screenshot(page, 'knowledge-drop-uploads');
  });
});
