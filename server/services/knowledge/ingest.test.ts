import fs from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { knowledgeChunks, knowledgeSources } from '../../../db/schema';
import { createTestChatbot, createTestSource } from '../../../tests/factories/chatbots';
import { countingEmbedder } from '../../../tests/helpers/counting-embedder';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import type { BusEvent, EventBus } from '../../events/bus';
import { offlineEmbedder, type Embedder } from './embedder';
import { ingestSource } from './ingest';
import { localizedSource } from './stored-message';

const returns = fs.readFileSync('tests/fixtures/knowledge/returns.md', 'utf8');

let h: TTestApp;
let database: Database;
let bus: EventBus;

beforeAll(async () => {
  h = await createTestApp();
  ({ database, bus } = h);
});
afterAll(() => h.close());

const chunksOf = (sourceId: string) =>
  database.db
    .select()
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.sourceId, sourceId))
    .orderBy(asc(knowledgeChunks.ordinal));

/** The row with its stored messages (keys) as people read them in English. */
const sourceRow = async (id: string) =>
  localizedSource('en', (await database.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, id)))[0]!);

/** Collects `source.updated` events for one source until one with a final status arrives. */
const watch = (sourceId: string) => {
  const controller = new AbortController();
  const events = bus.subscribe(['source.updated'], {
    signal: controller.signal,
    filter: (event) => event.payload.sourceId === sourceId,
  });
  const seen: BusEvent<'source.updated'>[] = [];
  const done = (async () => {
    for await (const event of events) {
      seen.push(event);
      if (event.payload.status === 'ready' || event.payload.status === 'failed') break;
    }
    controller.abort();
    return seen;
  })();
  return done;
};

describe('ingestSource', () => {
  it('chunks and embeds a text source, marks it ready and publishes each status', async () => {
    const chatbot = await createTestChatbot(database.db);
    const source = await createTestSource(database.db, { chatbot, title: 'Returns', content: returns });
    const events = watch(source.id);
    const { embedder, texts: embedded } = countingEmbedder();

    await ingestSource({ db: database.db, bus, embedder }, source.id);

    const chunks = await chunksOf(source.id);
    expect(chunks).toHaveLength(4);
    expect(chunks[2]!.headingPath).toBe('Returns and refunds › Worn shoes');
    expect(chunks.every((c) => c.chatbotId === chatbot.id && c.workspaceId === chatbot.workspaceId)).toBe(true);
    expect(chunks.every((c) => c.embeddingModel === 'offline-hash-v1' && c.embedding.length === 768)).toBe(true);
    expect(embedded()).toBe(4);

    const row = await sourceRow(source.id);
    expect(row).toMatchObject({ status: 'ready', chunkCount: 4, error: null });
    expect(row.processedAt).toBeInstanceOf(Date);
    expect(row.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const seen = await events;
    expect(seen.map((e) => e.payload.status)).toEqual(['processing', 'ready']);
    expect(seen[1]!.payload).toEqual({
      workspaceId: chatbot.workspaceId,
      chatbotId: chatbot.id,
      sourceId: source.id,
      status: 'ready',
      chunkCount: 4,
      error: null,
      syncResult: null,
    });
  });

  it('re-embeds nothing when re-ingesting unchanged content, and only changed chunks after an edit', async () => {
    const chatbot = await createTestChatbot(database.db);
    const source = await createTestSource(database.db, { chatbot, content: returns });
    const first = countingEmbedder();
    await ingestSource({ db: database.db, bus, embedder: first.embedder }, source.id);
    const before = await chunksOf(source.id);

    const again = countingEmbedder();
    await ingestSource({ db: database.db, bus, embedder: again.embedder }, source.id);
    expect(again.calls).toEqual([]);
    const after = await chunksOf(source.id);
    expect(after.map((c) => c.contentHash)).toEqual(before.map((c) => c.contentHash));
    expect(after.map((c) => c.embedding)).toEqual(before.map((c) => c.embedding));

    await database.db
      .update(knowledgeSources)
      .set({ content: returns.replace('five business days', 'seven business days') })
      .where(eq(knowledgeSources.id, source.id));
    const edited = countingEmbedder();
    await ingestSource({ db: database.db, bus, embedder: edited.embedder }, source.id);
    expect(edited.texts()).toBe(1);
    expect((await chunksOf(source.id)).map((c) => c.content).join('\n')).toContain('seven business days');
    expect((await sourceRow(source.id)).chunkCount).toBe(4);
  });

  it('re-embeds everything when the embedding model changed', async () => {
    const chatbot = await createTestChatbot(database.db);
    const source = await createTestSource(database.db, { chatbot, content: returns });
    await ingestSource({ db: database.db, bus, embedder: offlineEmbedder }, source.id);
    const other = countingEmbedder();
    const renamed: Embedder = { ...other.embedder, model: 'another-model' };
    await ingestSource({ db: database.db, bus, embedder: renamed }, source.id);
    expect(other.texts()).toBe(4);
    expect((await chunksOf(source.id)).every((c) => c.embeddingModel === 'another-model')).toBe(true);
  });

  it('makes one chunk of an FAQ pair, the question as its heading', async () => {
    const chatbot = await createTestChatbot(database.db);
    const source = await createTestSource(database.db, {
      chatbot,
      kind: 'faq',
      title: 'Do you ship to Norway?',
      content: 'Yes. Customs duties are paid by the recipient on delivery.',
    });
    await ingestSource({ db: database.db, bus, embedder: offlineEmbedder }, source.id);
    const chunks = await chunksOf(source.id);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({
      headingPath: 'Do you ship to Norway?',
      content: 'Q: Do you ship to Norway?\nA: Yes. Customs duties are paid by the recipient on delivery.',
    });
    expect(await sourceRow(source.id)).toMatchObject({ status: 'ready', chunkCount: 1 });
  });

  it('marks the source failed with a sentence and rethrows for a retry, keeping the old chunks', async () => {
    const chatbot = await createTestChatbot(database.db);
    const source = await createTestSource(database.db, { chatbot, content: returns });
    await ingestSource({ db: database.db, bus, embedder: offlineEmbedder }, source.id);
    await database.db
      .update(knowledgeSources)
      .set({ content: `${returns}\n\nA new paragraph.` })
      .where(eq(knowledgeSources.id, source.id));

    const events = watch(source.id);
    const broken: Embedder = {
      ...offlineEmbedder,
      embed: async () => {
        throw new Error('socket hang up');
      },
    };
    await expect(ingestSource({ db: database.db, bus, embedder: broken }, source.id)).rejects.toThrow('socket hang up');
    const row = await sourceRow(source.id);
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/could not process this source.*retry/i);
    expect(row.error).not.toContain('socket');
    expect(await chunksOf(source.id)).toHaveLength(4);
    expect((await events).map((e) => [e.payload.status, e.payload.error])).toEqual([
      ['processing', null],
      ['failed', row.error],
    ]);

    // A later attempt that works clears the error.
    await ingestSource({ db: database.db, bus, embedder: offlineEmbedder }, source.id);
    expect(await sourceRow(source.id)).toMatchObject({ status: 'ready', error: null, chunkCount: 4 });
  });

  it('fails for good (no retry) when there is no text, or a page has no address', async () => {
    const chatbot = await createTestChatbot(database.db);
    const empty = await createTestSource(database.db, { chatbot, content: '  \n\n ' });
    await ingestSource({ db: database.db, bus, embedder: offlineEmbedder }, empty.id);
    expect(await sourceRow(empty.id)).toMatchObject({ status: 'failed', chunkCount: 0 });
    expect((await sourceRow(empty.id)).error).toMatch(/no text/);

    const page = await createTestSource(database.db, { chatbot, kind: 'url', title: 'https://example.test' });
    await ingestSource({ db: database.db, bus, embedder: offlineEmbedder }, page.id);
    expect(await sourceRow(page.id)).toMatchObject({ status: 'failed', error: 'This source has no address to fetch.' });
  });

  it('rethrows an unexpected failure for the queue to retry, with a generic sentence meanwhile', async () => {
    const chatbot = await createTestChatbot(database.db);
    const source = await createTestSource(database.db, { chatbot, content: 'Some text.' });
    const extractText = async () => {
      throw new Error('socket hang up');
    };
    await expect(
      ingestSource({ db: database.db, bus, embedder: offlineEmbedder, extractText }, source.id),
    ).rejects.toThrow('socket hang up');
    expect((await sourceRow(source.id)).error).toMatch(/retried automatically/);
  });

  it('does nothing for a source deleted before the job ran', async () => {
    await expect(
      ingestSource({ db: database.db, bus, embedder: offlineEmbedder }, '00000000-0000-4000-8000-000000000000'),
    ).resolves.toMatchObject({ result: 'skipped', embedded: 0 });
  });
});
