import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { knowledgeChunks, knowledgeSources, type TUser } from '../../../../db/schema';
import { createTestChatbot } from '../../../../tests/factories/chatbots';
import { createTestTeam, createTestWorkspace } from '../../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../../tests/helpers/app';
import type { EventBus } from '../../../events/bus';
import { ingestSource } from '../../../services/knowledge/ingest';
import { offlineEmbedder } from '../../../services/knowledge/embedder';

type TTeam = Awaited<ReturnType<typeof createTestTeam>>;
type TBot = Awaited<ReturnType<typeof createTestChatbot>>;

let h: TTestApp;
let bus: EventBus;
let team: TTeam;
let bot: TBot;
let otherBot: TBot;
let other: { workspace: { id: string }; owner: TUser };

beforeAll(async () => {
  h = await createTestApp();
  bus = h.bus;
  team = await createTestTeam(h.db, { name: 'Acme' });
  bot = await createTestChatbot(h.db, { workspaceId: team.workspace.id, name: 'Helper' });
  otherBot = await createTestChatbot(h.db, { workspaceId: team.workspace.id, name: 'Sales' });
  other = await createTestWorkspace(h.db, { name: 'Elsewhere' });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sent.length = 0;
});

const as = (user: TUser, signal?: AbortSignal) => h.as(user, { signal });

const ws = () => ({ workspaceId: team.workspace.id });
const admin = () => as(team.admin);
const agent = () => as(team.agent);
const ingest = (sourceId: string) => ingestSource({ db: h.db, bus, embedder: offlineEmbedder }, sourceId);
const ingestJobs = () => h.sent.filter((job) => job.name === 'source.ingest').map((job) => job.data);
const sourceCount = async () =>
  (await h.db.select({ n: count() }).from(knowledgeSources).where(eq(knowledgeSources.chatbotId, bot.id)))[0]!.n;
const chunksOf = (sourceId: string) =>
  h.db.select().from(knowledgeChunks).where(eq(knowledgeChunks.sourceId, sourceId));

const TEXT = `# Shipping

We ship parcels to every country in the European Union within three working days.

# Returns

Unworn shoes can be returned within thirty days for a full refund.`;

describe('source router', () => {
  it('creates a text source, queues it, and lists it ready with its chunks after ingestion', async () => {
    const created = await (
      await admin()
    ).knowledge.source.createText({ ...ws(), chatbotId: bot.id, title: ' Policies ', content: TEXT });
    expect(created).toMatchObject({ kind: 'text', title: 'Policies', status: 'pending', chunkCount: 0 });
    expect(ingestJobs()).toEqual([{ sourceId: created.id }]);

    await ingest(created.id);
    const list = await (await agent()).knowledge.source.list({ ...ws(), chatbotId: bot.id });
    const row = list.find((s) => s.id === created.id)!;
    expect(row).toMatchObject({ status: 'ready', error: null, parentId: null, url: null });
    expect(row.chunkCount).toBeGreaterThan(0);
    expect(row.chunkCount).toBe((await chunksOf(created.id)).length);
    expect(row.processedAt).toBeInstanceOf(Date);
    // No content in the list (it can be 200k characters per row); only FAQ pairs carry theirs, as `answer`.
    expect(row.answer).toBeNull();
    expect(Object.keys(row).sort()).toEqual(
      [
        'answer',
        'chunkCount',
        'createdAt',
        'error',
        'fileName',
        'id',
        'kind',
        'note',
        'parentId',
        'processedAt',
        'sizeBytes',
        'status',
        'title',
        'updatedAt',
        'url',
        'syncInterval',
        'lastSyncedAt',
        'lastSyncResult',
        'syncError',
        'nextSyncAt',
      ].sort(),
    );
  });

  it('lists newest first, only this chatbot’s sources', async () => {
    const caller = await admin();
    const first = await caller.knowledge.source.createFaq({
      ...ws(),
      chatbotId: bot.id,
      question: 'First?',
      answer: 'One.',
    });
    const second = await caller.knowledge.source.createFaq({
      ...ws(),
      chatbotId: bot.id,
      question: 'Second?',
      answer: 'Two.',
    });
    const elsewhere = await caller.knowledge.source.createFaq({
      ...ws(),
      chatbotId: otherBot.id,
      question: 'Other?',
      answer: 'No.',
    });
    const ids = (await caller.knowledge.source.list({ ...ws(), chatbotId: bot.id })).map((s) => s.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(ids).not.toContain(elsewhere.id);
  });

  it('creates an FAQ pair and edits it in place, re-ingesting it', async () => {
    const caller = await admin();
    const faq = await caller.knowledge.source.createFaq({
      ...ws(),
      chatbotId: bot.id,
      question: 'Do you ship to Norway?',
      answer: 'Yes, within five working days.',
    });
    expect(faq).toMatchObject({ kind: 'faq', title: 'Do you ship to Norway?', status: 'pending' });
    expect(ingestJobs()).toEqual([{ sourceId: faq.id }]);
    await ingest(faq.id);
    const [before] = await chunksOf(faq.id);
    expect(before?.content).toContain('five working days');

    h.sent.length = 0;
    const edited = await caller.knowledge.source.updateFaq({
      ...ws(),
      sourceId: faq.id,
      question: 'Do you ship to Norway?',
      answer: 'Yes, within seven working days.',
    });
    expect(edited).toMatchObject({ id: faq.id, status: 'pending', title: 'Do you ship to Norway?' });
    expect(ingestJobs()).toEqual([{ sourceId: faq.id }]);
    const [stored] = await h.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, faq.id));
    expect(stored?.content).toBe('Yes, within seven working days.');

    await ingest(faq.id);
    const after = await chunksOf(faq.id);
    expect(after).toHaveLength(1);
    expect(after[0]?.content).toContain('seven working days');
    const row = (await caller.knowledge.source.list({ ...ws(), chatbotId: bot.id })).find((s) => s.id === faq.id);
    expect(row).toMatchObject({ status: 'ready', chunkCount: 1 });
  });

  it('edits only FAQ pairs', async () => {
    const caller = await admin();
    const text = await caller.knowledge.source.createText({
      ...ws(),
      chatbotId: bot.id,
      title: 'Doc',
      content: 'Some text.',
    });
    await expect(
      caller.knowledge.source.updateFaq({ ...ws(), sourceId: text.id, question: 'Q?', answer: 'A.' }),
    ).toFailWith({ code: 'BAD_REQUEST' });
  });

  it('deletes a source and its chunks', async () => {
    const caller = await admin();
    const source = await caller.knowledge.source.createText({
      ...ws(),
      chatbotId: bot.id,
      title: 'Gone',
      content: TEXT,
    });
    await ingest(source.id);
    expect((await chunksOf(source.id)).length).toBeGreaterThan(0);
    expect(await caller.knowledge.source.delete({ ...ws(), sourceId: source.id })).toEqual({ id: source.id });
    expect(await chunksOf(source.id)).toEqual([]);
    expect((await caller.knowledge.source.list({ ...ws(), chatbotId: bot.id })).map((s) => s.id)).not.toContain(
      source.id,
    );
  });

  it('retries failed sources only', async () => {
    const caller = await admin();
    // Whitespace-only content cannot come through createText; written directly so ingestion fails for real.
    const source = await caller.knowledge.source.createText({
      ...ws(),
      chatbotId: bot.id,
      title: 'Empty',
      content: 'x',
    });
    await h.db.update(knowledgeSources).set({ content: '   ' }).where(eq(knowledgeSources.id, source.id));
    h.sent.length = 0;

    await expect(caller.knowledge.source.retry({ ...ws(), sourceId: source.id })).toFailWith({
      code: 'PRECONDITION_FAILED',
      message: 'Only a source that failed can be retried.',
    });
    await ingest(source.id);
    const failed = (await caller.knowledge.source.list({ ...ws(), chatbotId: bot.id })).find((s) => s.id === source.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toMatch(/no text/);

    const retried = await caller.knowledge.source.retry({ ...ws(), sourceId: source.id });
    expect(retried).toMatchObject({ id: source.id, status: 'pending', error: null });
    expect(ingestJobs()).toEqual([{ sourceId: source.id }]);
  });

  it('searches one chatbot’s knowledge, with scores and source titles', async () => {
    // Fresh chatbots: earlier tests left the same text in `bot`.
    const mineBot = await createTestChatbot(h.db, { workspaceId: team.workspace.id });
    const rivalBot = await createTestChatbot(h.db, { workspaceId: team.workspace.id });
    const caller = await admin();
    const mine = await caller.knowledge.source.createText({
      ...ws(),
      chatbotId: mineBot.id,
      title: 'Care guide',
      content: TEXT,
    });
    const theirs = await caller.knowledge.source.createText({
      ...ws(),
      chatbotId: rivalBot.id,
      title: 'Sales returns',
      content: 'Unworn shoes can be returned within thirty days for a full refund at any store.',
    });
    await ingest(mine.id);
    await ingest(theirs.id);

    const { passages } = await (
      await agent()
    ).knowledge.source.search({
      ...ws(),
      chatbotId: mineBot.id,
      query: 'can I return unworn shoes for a refund?',
    });
    expect(passages.length).toBeGreaterThan(0);
    expect(passages.length).toBeLessThanOrEqual(8);
    expect(passages[0]).toMatchObject({ sourceTitle: 'Care guide', sourceUrl: null });
    expect(passages[0]?.content).toContain('thirty days');
    expect(passages[0]?.rrfScore).toBeGreaterThan(0);
    expect(passages.some((p) => p.sourceId === theirs.id)).toBe(false);

    const one = await (
      await agent()
    ).knowledge.source.search({ ...ws(), chatbotId: mineBot.id, query: 'shipping', k: 1 });
    expect(one.passages).toHaveLength(1);
  });

  it('creates file, page and sitemap sources, queued, keeping an upload’s bytes and detected type', async () => {
    const caller = await admin();
    const file = await caller.knowledge.source.createFile({
      ...ws(),
      chatbotId: bot.id,
      fileName: 'C:\\fakepath\\Guide.MD',
      contentBase64: Buffer.from('# Guide\n\nHello.').toString('base64'),
    });
    expect(file).toMatchObject({ kind: 'file', title: 'Guide', fileName: 'Guide.MD', sizeBytes: 15, note: null });
    const [stored] = await h.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, file.id));
    expect(stored).toMatchObject({ mimeType: 'text/markdown', content: null });
    expect(Buffer.from(stored!.fileData!).toString()).toBe('# Guide\n\nHello.');

    const page = await caller.knowledge.source.createUrl({
      ...ws(),
      chatbotId: bot.id,
      url: ' https://example.com/help#top ',
    });
    expect(page).toMatchObject({ kind: 'url', url: 'https://example.com/help', title: 'https://example.com/help' });
    const sitemap = await caller.knowledge.source.createSitemap({
      ...ws(),
      chatbotId: bot.id,
      url: 'https://example.com/sitemap.xml',
    });
    expect(sitemap).toMatchObject({ kind: 'sitemap', title: 'Sitemap of example.com', status: 'pending' });
    expect(ingestJobs()).toEqual([{ sourceId: file.id }, { sourceId: page.id }, { sourceId: sitemap.id }]);

    // The same address twice would only double the same passages.
    await expect(
      caller.knowledge.source.createUrl({ ...ws(), chatbotId: bot.id, url: 'https://example.com/help' }),
    ).toFailWith({ code: 'BAD_REQUEST', fieldErrors: { url: ['This page is already a source of this chatbot.'] } });
    // Another chatbot may have it too.
    expect(
      await caller.knowledge.source.createUrl({ ...ws(), chatbotId: otherBot.id, url: 'https://example.com/help' }),
    ).toMatchObject({ kind: 'url' });
  });

  it('refuses bad files and private or malformed addresses with field errors, and writes nothing', async () => {
    const caller = await admin();
    const before = await sourceCount();
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    // Calls, not promises: each runs only when its turn comes, so none rejects unobserved.
    const file = (fileName: string, contentBase64: string) => () =>
      caller.knowledge.source.createFile({ ...ws(), chatbotId: bot.id, fileName, contentBase64 });
    const url = (address: string) => () =>
      caller.knowledge.source.createUrl({ ...ws(), chatbotId: bot.id, url: address });
    const sitemap = (address: string) => () =>
      caller.knowledge.source.createSitemap({ ...ws(), chatbotId: bot.id, url: address });
    const PRIVATE = 'That address is on a private network; Parley only fetches public pages.';
    const cases = [
      [file('  ', b64('x')), 'fileName', 'Name the file.'],
      [file('notes', b64('x')), 'fileName', 'Give the file an extension: .txt, .md, .html or .pdf.'],
      [file('a.txt', ''), 'contentBase64', 'The file is empty.'],
      [file('a.txt', 'not base64!'), 'contentBase64', 'The file did not arrive intact; choose it again.'],
      [
        file('a.txt', 'A'.repeat(14_000_000)),
        'contentBase64',
        'The file is larger than 10 MB; files can be at most 10 MB.',
      ],
      [
        file('photo.png', b64('PNG')),
        'contentBase64',
        'This is not a file Parley can read. Parley reads .txt, .md, .html or .pdf files.',
      ],
      [file('fake.pdf', b64('hello')), 'contentBase64', 'This is not a valid PDF (it lacks the PDF header).'],
      [url(''), 'url', 'Enter the address.'],
      [url('example.com'), 'url', 'Enter a full web address, like https://example.com/help.'],
      [url('ftp://example.com/a.txt'), 'url', 'Parley only fetches http:// and https:// addresses.'],
      [url('https://me:pw@example.com/'), 'url', 'Remove the user name and password from the address.'],
      [url('http://127.0.0.1:3000/'), 'url', PRIVATE],
      [url('http://10.0.0.7/'), 'url', PRIVATE],
      [url('http://169.254.169.254/latest/meta-data/'), 'url', PRIVATE],
      [url('http://[::1]/'), 'url', PRIVATE],
      [url('http://localhost:3000/'), 'url', PRIVATE],
      [url(`https://example.com/${'x'.repeat(2000)}`), 'url', 'Keep the address to 2,000 characters or fewer.'],
      [sitemap('http://192.168.1.1/sitemap.xml'), 'url', PRIVATE],
      [sitemap('sitemap.xml'), 'url', 'Enter a full web address, like https://example.com/help.'],
    ] as const;
    for (const [call, field, message] of cases) {
      await expect(call()).toFailWith({ code: 'BAD_REQUEST', fieldErrors: { [field]: [message] } });
    }
    expect(await sourceCount()).toBe(before);
    expect(ingestJobs()).toEqual([]);
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const caller = await admin();
    const before = await sourceCount();
    const cases = [
      [
        () => caller.knowledge.source.createText({ ...ws(), chatbotId: bot.id, title: '  ', content: 'Text.' }),
        'title',
      ],
      [
        () =>
          caller.knowledge.source.createText({ ...ws(), chatbotId: bot.id, title: 'x'.repeat(201), content: 'Text.' }),
        'title',
      ],
      [() => caller.knowledge.source.createText({ ...ws(), chatbotId: bot.id, title: 'Doc', content: '' }), 'content'],
      [
        () => caller.knowledge.source.createText({ ...ws(), chatbotId: bot.id, title: 'Doc', content: '   ' }),
        'content',
      ],
      [
        () =>
          caller.knowledge.source.createText({
            ...ws(),
            chatbotId: bot.id,
            title: 'Doc',
            content: 'x'.repeat(200_001),
          }),
        'content',
      ],
      [() => caller.knowledge.source.createFaq({ ...ws(), chatbotId: bot.id, question: '', answer: 'A.' }), 'question'],
      [
        () =>
          caller.knowledge.source.createFaq({ ...ws(), chatbotId: bot.id, question: 'x'.repeat(301), answer: 'A.' }),
        'question',
      ],
      [
        () =>
          caller.knowledge.source.createFaq({ ...ws(), chatbotId: bot.id, question: 'Q?', answer: 'x'.repeat(5001) }),
        'answer',
      ],
      [() => caller.knowledge.source.search({ ...ws(), chatbotId: bot.id, query: ' ' }), 'query'],
      [() => caller.knowledge.source.search({ ...ws(), chatbotId: bot.id, query: 'x', k: 21 }), 'k'],
    ] as const;
    for (const [call, field] of cases) {
      await expect(call()).toFailWith({ code: 'BAD_REQUEST', fieldErrors: { [field]: expect.anything() } });
    }
    expect(await sourceCount()).toBe(before);
    expect(ingestJobs()).toEqual([]);
  });

  it('answers NOT_FOUND for another workspace’s chatbots and sources, and for malformed ids', async () => {
    const mine = await (
      await admin()
    ).knowledge.source.createFaq({ ...ws(), chatbotId: bot.id, question: 'Q?', answer: 'A.' });
    h.sent.length = 0;
    const outsider = await as(other.owner);
    const theirs = { workspaceId: other.workspace.id };
    const notSource = { code: 'NOT_FOUND' as const, message: "We couldn't find that source." };
    const notBot = { code: 'NOT_FOUND' as const, message: "We couldn't find that chatbot." };
    // Their own workspace id with our ids: the ids alone must not reach our rows.
    await expect(outsider.knowledge.source.list({ ...theirs, chatbotId: bot.id })).toFailWith(notBot);
    await expect(
      outsider.knowledge.source.createText({ ...theirs, chatbotId: bot.id, title: 'T', content: 'C' }),
    ).toFailWith(notBot);
    await expect(outsider.knowledge.source.search({ ...theirs, chatbotId: bot.id, query: 'q' })).toFailWith(notBot);
    const contentBase64 = Buffer.from('Text.').toString('base64');
    await expect(
      outsider.knowledge.source.createFile({ ...theirs, chatbotId: bot.id, fileName: 'a.txt', contentBase64 }),
    ).toFailWith(notBot);
    await expect(
      outsider.knowledge.source.createUrl({ ...theirs, chatbotId: bot.id, url: 'https://example.com/' }),
    ).toFailWith(notBot);
    await expect(
      outsider.knowledge.source.createSitemap({ ...theirs, chatbotId: bot.id, url: 'https://example.com/s.xml' }),
    ).toFailWith(notBot);
    await expect(outsider.knowledge.source.onUpdated({ ...theirs, chatbotId: bot.id })).toFailWith(notBot);
    await expect(
      outsider.knowledge.source.updateFaq({ ...theirs, sourceId: mine.id, question: 'Q?', answer: 'Mine.' }),
    ).toFailWith(notSource);
    await expect(outsider.knowledge.source.delete({ ...theirs, sourceId: mine.id })).toFailWith(notSource);
    await expect(outsider.knowledge.source.retry({ ...theirs, sourceId: mine.id })).toFailWith(notSource);
    await expect((await admin()).knowledge.source.delete({ ...ws(), sourceId: 'not-a-uuid' })).toFailWith(notSource);

    const [row] = await h.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, mine.id));
    expect(row).toMatchObject({ title: 'Q?', content: 'A.' });
    expect(ingestJobs()).toEqual([]);
  });

  it('lets agents read but not change sources', async () => {
    const caller = await agent();
    const before = await sourceCount();
    await expect(
      caller.knowledge.source.createText({ ...ws(), chatbotId: bot.id, title: 'T', content: 'C' }),
    ).toFailWith({ code: 'FORBIDDEN' });
    await expect(
      caller.knowledge.source.createFaq({ ...ws(), chatbotId: bot.id, question: 'Q?', answer: 'A.' }),
    ).toFailWith({ code: 'FORBIDDEN' });
    const contentBase64 = Buffer.from('Text.').toString('base64');
    await expect(
      caller.knowledge.source.createFile({ ...ws(), chatbotId: bot.id, fileName: 'a.txt', contentBase64 }),
    ).toFailWith({ code: 'FORBIDDEN' });
    await expect(
      caller.knowledge.source.createUrl({ ...ws(), chatbotId: bot.id, url: 'https://example.com/agent' }),
    ).toFailWith({ code: 'FORBIDDEN' });
    await expect(
      caller.knowledge.source.createSitemap({ ...ws(), chatbotId: bot.id, url: 'https://example.com/a.xml' }),
    ).toFailWith({ code: 'FORBIDDEN' });
    expect(await sourceCount()).toBe(before);
    expect(await caller.knowledge.source.list({ ...ws(), chatbotId: bot.id })).toBeInstanceOf(Array);
  });

  it('streams only this chatbot’s source events', async () => {
    const controller = new AbortController();
    const caller = await as(team.agent, controller.signal);
    const iterable = await caller.knowledge.source.onUpdated({ ...ws(), chatbotId: bot.id });
    const iterator = iterable[Symbol.asyncIterator]();
    const next = iterator.next();
    // No wait needed: the call itself subscribed, before it returned.

    const event = (chatbotId: string, sourceId: string) => ({
      workspaceId: team.workspace.id,
      chatbotId,
      sourceId,
      status: 'ready' as const,
      chunkCount: 3,
      error: null,
    });
    // Another chatbot's event first: were it let through, it would be the one received.
    await bus.publish('source.updated', event(otherBot.id, 'theirs'));
    await bus.publish('source.updated', { ...event(bot.id, 'spoofed'), workspaceId: other.workspace.id });
    const id = await bus.publish('source.updated', event(bot.id, 'mine'));

    const result = await next;
    expect(result.done).toBe(false);
    const [eventId, payload] = result.value as unknown as [string, { sourceId: string }];
    expect(eventId).toBe(id);
    expect(payload).toMatchObject({ sourceId: 'mine', chatbotId: bot.id });

    controller.abort();
    await iterator.return?.(undefined);
  });
});
