import type { Browser, FrameLocator, Page, Route, WebSocketRoute } from 'playwright-core';
import { describe, expect } from 'vitest';
import { behindCuttableProxy, test as base, type CustomerSite, type Operator } from './fixtures';
import { screenshot } from './helpers/browser';
import { liveChatbot } from './helpers/customer-site';

/**
 * The operator's open conversation never misses a message: not one stored
 * between the thread's read and its live stream, not one whose event beats
 * a stale re-read, not one sent while either side's connection is being
 * cut. Parley is reached through a proxy the test can cut, by the operator
 * and by the visitor's widget alike.
 */

const RETURNS = `# Returns

Unworn shoes in their original box can be returned within 30 days of delivery for a full refund.`;

/** In front of the app: the app's own links (APP_URL, so `app.url`) go through it. */
const proxy = behindCuttableProxy();

type TShop = { workspaceId: string; trpc: Operator['trpc'] };

const test = base.extend<{ shop: TShop }>({
  /** The owner's live chatbot, embedded on the customer's site; the owner is the operator. */
  shop: [
    async ({ operator, site }, provide) => {
      const { workspace, chatbot } = await liveChatbot(operator.trpc, {
        name: 'Shoe Help',
        origin: site.url,
        sources: [{ title: 'Returns policy', content: RETURNS }],
      });
      site.embed(chatbot.publicKey);
      await provide({ workspaceId: workspace.id, trpc: operator.trpc });
    },
    { scope: 'file' },
  ],
});

const chatFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title*="chat" i]');
const thread = (page: Page) => page.getByRole('list', { name: 'Messages' });

async function send(frame: FrameLocator, text: string) {
  const box = frame.getByRole('textbox', { name: /message/i });
  await box.fill(text);
  await box.press('Enter');
}

/** A visitor on the customer's site with the chat open and a first message sent; the operator takes it over. */
async function visitorWithConversation(
  { browser, site: host, shop }: { browser: Browser; site: CustomerSite; shop: TShop },
  first: string,
) {
  const { trpc, workspaceId } = shop;
  const visitor = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const site = await visitor.newPage();
  await site.goto(host.url);
  await site.getByRole('button', { name: /chat with us/i }).click();
  const frame = chatFrame(site);
  await send(frame, first);
  let conversationId = '';
  await expect
    .poll(
      async () => {
        const list = await trpc.inbox.list.query({ workspaceId, status: 'all', search: first });
        conversationId = list.items[0]?.id ?? '';
        return conversationId;
      },
      { timeout: 20_000 },
    )
    .not.toBe('');
  // A person handles it, so only the visitor's messages come in.
  await trpc.inbox.takeOver.mutate({ workspaceId, conversationId });
  return { visitor, site, frame, conversationId };
}

/** The visitor's messages the operator's open thread shows now, in order. */
const shownVisitorMessages = (page: Page, prefix: string) =>
  thread(page)
    .getByRole('listitem')
    .getByText(new RegExp(`^${prefix} \\d+$`))
    .allTextContents();

/** Stored messages of the conversation, as the server has them. */
const storedVisitorMessages = async ({ trpc, workspaceId }: TShop, conversationId: string, prefix: string) =>
  (await trpc.inbox.get.query({ workspaceId, conversationId })).messages
    .filter((m) => m.role === 'visitor' && m.content.startsWith(prefix))
    .map((m) => m.content);

/** Marks the document so a reload (which would lose the mark) can be told apart from a live update. */
const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { __live: boolean }).__live = true));
const wasNotReloaded = async (page: Page) =>
  expect(await page.evaluate(() => (window as unknown as { __live?: boolean }).__live)).toBe(true);

describe('the operator’s open conversation', () => {
  test('shows a message stored between the thread’s read and the live stream, and one a stale re-read lacks', async ({
    app,
    browser,
    site,
    operator,
    shop,
  }) => {
    const { visitor, frame, conversationId } = await visitorWithConversation({ browser, site, shop }, 'Window 0');
    const page = await operator.context.newPage();

    // The live stream's socket is held (a mock with no server behind it) until the test lets it through.
    let isHeld = true;
    const held: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/api\/trpc-ws/, (ws) => {
      if (isHeld) held.push(ws);
      else ws.connectToServer();
    });
    // Reads of the thread while a gate is set: the server reads at once, the page gets the answer when the test says.
    let gate: Promise<void> | null = null;
    let reads = 0;
    await page.route(/\/api\/trpc\/[^?]*inbox\.get/, async (route: Route) => {
      reads++;
      const response = await route.fetch();
      if (gate) await gate;
      await route.fulfill({ response });
    });

    await page.goto(`${app.url}/app/inbox/${conversationId}`);
    await thread(page).getByText('Window 0', { exact: true }).waitFor();
    await markPage(page);
    const firstReads = reads;

    // Stored after the thread was read and before the stream exists.
    await send(frame, 'Window 1');
    await expect.poll(() => storedVisitorMessages(shop, conversationId, 'Window')).toEqual(['Window 0', 'Window 1']);

    // The stream comes up (fresh): the page reads again — and that read is answered late.
    let release = () => {};
    gate = new Promise<void>((resolve) => (release = resolve));
    isHeld = false;
    for (const ws of held) await ws.close();
    await expect.poll(() => reads, { timeout: 20_000 }).toBeGreaterThan(firstReads);
    // Stored while that read is on its way back: its event arrives first.
    await send(frame, 'Window 2');
    await thread(page).getByText('Window 2', { exact: true }).waitFor({ timeout: 15_000 });
    gate = null;
    release();

    await expect
      .poll(() => shownVisitorMessages(page, 'Window'), { timeout: 15_000 })
      .toEqual(['Window 0', 'Window 1', 'Window 2']);
    // Nothing goes away or comes twice later on.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await shownVisitorMessages(page, 'Window')).toEqual(['Window 0', 'Window 1', 'Window 2']);
    await wasNotReloaded(page);
    await page.close();
    await visitor.close();
  });

  test('shows every message once, in order, while both sides’ connections are cut at random', async ({
    app,
    browser,
    site,
    operator,
    shop,
  }) => {
    const { visitor, frame, conversationId } = await visitorWithConversation({ browser, site, shop }, 'Chaos 0');
    const page = await operator.context.newPage();
    await page.goto(`${app.url}/app/inbox/${conversationId}`);
    await thread(page).getByText('Chaos 0', { exact: true }).waitFor();
    await markPage(page);

    let cuts = 0;
    let isChaos = true;
    const chaos = (async () => {
      while (isChaos) {
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 450));
        if (!isChaos) break;
        proxy.cut();
        proxy.restore();
        cuts++;
      }
    })();

    // With the first, within the widget's 30 messages a visitor may send a minute.
    const COUNT = 28;
    const texts = Array.from({ length: COUNT + 1 }, (_, n) => `Chaos ${n}`);
    for (const text of texts.slice(1)) {
      await send(frame, text);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    // Cut on for a little longer, while the last ones settle.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    isChaos = false;
    await chaos;
    console.log(
      `sent ${COUNT} messages under ${cuts} cuts; stored: ${(await storedVisitorMessages(shop, conversationId, 'Chaos')).length}`,
    );

    await expect.poll(() => storedVisitorMessages(shop, conversationId, 'Chaos'), { timeout: 60_000 }).toEqual(texts);
    await expect.poll(() => shownVisitorMessages(page, 'Chaos'), { timeout: 30_000 }).toEqual(texts);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await shownVisitorMessages(page, 'Chaos')).toEqual(texts);
    await wasNotReloaded(page);
    expect(cuts).toBeGreaterThan(20);
    await screenshot(page, 'inbox-delivery-under-cuts');
    await page.close();
    await visitor.close();
    // Messages 300 ms apart, each typed into the widget, on a shared machine: more than the default.
  }, 240_000);
});
