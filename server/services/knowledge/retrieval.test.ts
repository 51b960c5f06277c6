import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { knowledgeChunks, type TChatbot } from '../../../db/schema';
import { createTestChatbot, createTestSource } from '../../../tests/factories/chatbots';
import { createTestApp } from '../../../tests/helpers/app';
import { createWireDatabase } from '../../../tests/helpers/pglite-server';
import { offlineEmbedder, offlineVector } from './embedder';
import { ingestSource } from './ingest';
import { applySettings, exactRetrieve, questionVector, retrieve, type TQuerySettings } from './retrieval';

/** Carries a result out of a transaction that must roll back. */
class Counted extends Error {
  constructor(readonly count: number) {
    super('rolled back');
  }
}

const fixture = (name: string) => fs.readFileSync(`tests/fixtures/knowledge/${name}.md`, 'utf8');
const documents = { returns: 'Returns', shipping: 'Shipping', care: 'Leather care', lighthouse: 'The lighthouse' };

let database: Database;
let close: () => Promise<void>;
let shop: TChatbot;
let twin: TChatbot;
const sourceIds = new Map<string, string>();
const deps = () => ({ database, embedder: offlineEmbedder });
const bus = { publish: async () => 'event' };

const addSource = async (chatbot: TChatbot, title: string, content: string, kind: 'text' | 'faq' = 'text') => {
  const source = await createTestSource(database.db, { chatbot, title, content, kind });
  await ingestSource({ db: database.db, bus, embedder: offlineEmbedder }, source.id);
  return source.id;
};

// The same queries through both drivers: PGlite in process, and postgres.js over the wire (which
// returns bigint and numeric as strings).
const drivers: [string, () => Promise<{ database: Database; close: () => Promise<void> }>][] = [
  [
    'PGlite',
    async () => {
      const h = await createTestApp();
      return { database: h.database, close: h.close };
    },
  ],
  // Not the harness's database: the production driver, postgres.js, over the wire to a PGlite.
  ['postgres.js', () => createWireDatabase({ poolMax: 1 })],
];

describe.each(drivers)('retrieve (%s)', (_driver, open) => {
  beforeAll(async () => {
    ({ database, close } = await open());
    shop = await createTestChatbot(database.db, { name: 'Shop' });
    for (const [name, title] of Object.entries(documents))
      sourceIds.set(name, await addSource(shop, title, fixture(name)));
    sourceIds.set(
      'faq',
      await addSource(
        shop,
        'Do you sell gift cards?',
        'Yes, gift cards from 20 to 200 euros, valid for two years.',
        'faq',
      ),
    );
    // Another workspace's chatbot with near-identical knowledge: it must never leak into the shop's answers.
    twin = await createTestChatbot(database.db, { name: 'Twin' });
    for (const name of ['returns', 'shipping']) await addSource(twin, documents[name as 'returns'], fixture(name));
  });
  afterAll(() => close());

  it('runs on a pgvector with iterative index scans (0.8 or later)', async () => {
    const [row] = await database.rows<{ extversion: string }>(
      sql`select extversion from pg_extension where extname = 'vector'`,
    );
    const [major, minor] = row!.extversion.split('.').map(Number);
    expect(major! > 0 || minor! >= 8).toBe(true);
  });

  it("sends the question's vector as scaled integers that give the float literal's cosine distances", async () => {
    const question = offlineVector('Can I return shoes I have already worn?');
    const rows = await database.rows<{ exact: number | string; scaled: number | string }>(
      sql`select embedding <=> ${`[${question.join(',')}]`}::vector as exact,
            embedding <=> ${questionVector(question)}::int[]::vector as scaled
          from knowledge_chunks where chatbot_id = ${shop.id}`,
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(Number(row.scaled)).toBeCloseTo(Number(row.exact), 6);
    // Scaling leaves the direction alone, whatever the vector's length.
    expect(questionVector([0.5, -0.25, 0])).toBe('{1073741824,-536870912,0}');
    expect(questionVector([3, 0])).toBe(questionVector([6, 0]));
  });

  it('finds the passage that answers a question among several documents', async () => {
    const passages = await retrieve(deps(), { chatbotId: shop.id, query: 'Can I return shoes I have already worn?' });
    expect(passages[0]).toMatchObject({
      sourceId: sourceIds.get('returns'),
      sourceTitle: 'Returns',
      sourceUrl: null,
      headingPath: 'Returns and refunds › Worn shoes',
    });
    expect(passages[0]!.vectorScore).toBeGreaterThan(0);
    expect(passages[0]!.rrfScore).toBeGreaterThan(0);
    expect(passages.length).toBeLessThanOrEqual(8);
    // Ordered by fused score.
    const scores = passages.map((p) => p.rrfScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it.each([
    ['How should I dry wet leather shoes?', 'care', ''],
    ['What does express delivery cost?', 'shipping', 'Shipping › Delivery times'],
    ['Who pays customs duties outside the EU?', 'shipping', 'Shipping › International orders'],
    ['gift cards', 'faq', 'Do you sell gift cards?'],
    ['What did the keeper eat during a long storm?', 'lighthouse', 'The lighthouse keeper'],
  ])('answers %j from the right source', async (query, source, heading) => {
    const [top] = await retrieve(deps(), { chatbotId: shop.id, query, k: 3 });
    expect(top!.sourceId).toBe(sourceIds.get(source));
    if (heading) expect(top!.headingPath).toBe(heading);
  });

  it('fuses both sides: a keyword query and a paraphrase both find the passage', async () => {
    const keyword = await retrieve(deps(), { chatbotId: shop.id, query: 'warranty', k: 3 });
    expect(keyword[0]!.headingPath).toBe('Returns and refunds › Worn shoes');
    expect(keyword[0]!.textRank).toBe(1);
    expect(keyword[0]!.vectorRank).not.toBeNull();

    // "a seam splits or a sole comes loose" in the text, worded differently here.
    const paraphrase = await retrieve(deps(), {
      chatbotId: shop.id,
      query: 'my shoe soles came loose after months of wearing, will you repair them?',
      k: 3,
    });
    expect(paraphrase[0]!.headingPath).toBe('Returns and refunds › Worn shoes');
    expect(paraphrase[0]!.vectorRank).not.toBeNull();
    expect(paraphrase[0]!.textRank).not.toBeNull();

    // A misspelling matches no lexeme, so only the vector side (character n-grams) can find it.
    const typo = await retrieve(deps(), { chatbotId: shop.id, query: 'waranty', k: 3 });
    expect(typo[0]!.headingPath).toBe('Returns and refunds › Worn shoes');
    expect(typo[0]!.textRank).toBeNull();
    expect(typo[0]!.vectorRank).toBe(1);

    // A passage only one side finds still appears, with the other side's fields empty.
    const all = await retrieve(deps(), { chatbotId: shop.id, query: 'warranty', k: 20 });
    expect(all.some((p) => p.textRank === null && p.vectorRank !== null)).toBe(true);
    for (const p of all) {
      const expected = (p.vectorRank ? 1 / (60 + p.vectorRank) : 0) + (p.textRank ? 1 / (60 + p.textRank) : 0);
      expect(p.rrfScore).toBeCloseTo(expected, 10);
    }
  });

  it('never returns another chatbot’s chunks', async () => {
    const twinSources = new Set(
      (await database.rows<{ id: string }>(sql`select id from knowledge_sources where chatbot_id = ${twin.id}`)).map(
        (r) => r.id,
      ),
    );
    for (const query of ['Can I return worn shoes?', 'express delivery', 'customs duties', 'refund']) {
      for (const bot of [shop, twin]) {
        const passages = await retrieve(deps(), { chatbotId: bot.id, query, k: 20 });
        expect(passages.length).toBeGreaterThan(0);
        const chatbotIds = await database.rows<{ chatbot_id: string }>(
          sql`select distinct chatbot_id from knowledge_chunks where id in (${sql.join(
            passages.map((p) => sql`${p.chunkId}`),
            sql`, `,
          )})`,
        );
        expect(chatbotIds.map((r) => r.chatbot_id)).toEqual([bot.id]);
        expect(passages.every((p) => twinSources.has(p.sourceId) === (bot === twin))).toBe(true);
      }
    }
  });

  it('returns k passages when the chatbot has them, even for a question none of them matches', async () => {
    // The twin has 6 chunks and nothing about lighthouses: the vector side still ranks all of them.
    const passages = await retrieve(deps(), { chatbotId: twin.id, query: 'lighthouse keeper storm', k: 6 });
    expect(passages).toHaveLength(6);
    expect(passages.every((p) => p.textRank === null)).toBe(true);
  });

  it('fills k from the HNSW index even when most rows belong to other chatbots (iterative scan)', async () => {
    // A crowd of another chatbot's chunks, so the index's nearest neighbours are mostly not the twin's.
    const crowd = await createTestChatbot(database.db, { name: 'Crowd' });
    const source = await createTestSource(database.db, { chatbot: crowd, content: 'x' });
    const words = ['refund', 'shoes', 'parcel', 'express', 'customs', 'delivery', 'return', 'worn'];
    const rows = Array.from({ length: 400 }, (_, i) => {
      const content = `${words[i % 8]} ${words[(i * 3) % 8]} ${words[(i * 5) % 8]} note ${i}`;
      return {
        workspaceId: crowd.workspaceId,
        chatbotId: crowd.id,
        sourceId: source.id,
        ordinal: i,
        content,
        contentHash: String(i),
        tokenCount: 6,
        embedding: offlineVector(content),
        embeddingModel: offlineEmbedder.model,
      };
    });
    await database.db.insert(knowledgeChunks).values(rows);
    const vector = `[${offlineVector('refund for worn shoes').join(',')}]`;

    const count = (settings: TQuerySettings) =>
      database.db
        .transaction(async (tx) => {
          // Force the HNSW path: without the chatbot_id index and sequential scans the planner has no other.
          await tx.execute(sql.raw('drop index knowledge_chunks_chatbot_id_idx'));
          await tx.execute(sql.raw('set local enable_seqscan = off'));
          await tx.execute(sql.raw('set local enable_bitmapscan = off'));
          await applySettings(tx as never, settings);
          const found = await database.rows(
            sql`select id from knowledge_chunks where chatbot_id = ${twin.id}
                order by embedding <=> ${vector}::vector limit 40`,
            tx as never,
          );
          // Throwing rolls the dropped index back.
          throw new Counted(found.length);
        })
        .catch((error: unknown) => {
          if (error instanceof Counted) return error.count;
          throw error;
        });

    const twinChunks = (await database.rows(sql`select id from knowledge_chunks where chatbot_id = ${twin.id}`)).length;
    // Without iterative scans the filter is applied to ef_search (40) neighbours: the twin's rows are lost.
    expect(
      await count([
        ['hnsw.iterative_scan', 'off'],
        ['hnsw.ef_search', '40'],
      ]),
    ).toBeLessThan(twinChunks);
    // Every session's settings (db/client.ts) turn them on.
    expect(await count([])).toBe(twinChunks);
  });

  it('agrees with the exact scan on this small set', async () => {
    const query = 'How long does a refund take?';
    const fast = await retrieve(deps(), { chatbotId: shop.id, query, k: 5 });
    const exact = await exactRetrieve(deps(), { chatbotId: shop.id, query, k: 5 });
    expect(fast.map((p) => p.chunkId)).toEqual(exact.map((p) => p.chunkId));
  });

  it('compares vectors of the current model only, and finds the rest by full text (mixed models)', async () => {
    const mixed = await createTestChatbot(database.db, { name: 'Mixed' });
    const query = 'Can I return worn shoes?';
    // The worst an old model could do: every text lands exactly on the question's vector. Were vectors
    // of both models compared, its chunks would take the first places on the vector side.
    const oldModel = {
      ...offlineEmbedder,
      model: 'old-model-v0',
      embed: async (texts: string[]) => texts.map(() => offlineVector(query)),
    };
    const oldSource = await createTestSource(database.db, {
      chatbot: mixed,
      title: 'Returns',
      content: fixture('returns'),
    });
    await ingestSource({ db: database.db, bus, embedder: oldModel }, oldSource.id);
    const newSource = await addSource(mixed, 'Shipping', fixture('shipping'));

    const passages = await retrieve(deps(), { chatbotId: mixed.id, query, k: 20 });
    const old = passages.filter((p) => p.sourceId === oldSource.id);
    const current = passages.filter((p) => p.sourceId === newSource);
    expect(current.length).toBeGreaterThan(0);
    expect(current.every((p) => p.vectorRank !== null)).toBe(true);
    // The old model's chunks are still found, by their words alone.
    expect(old.length).toBeGreaterThan(0);
    expect(old.every((p) => p.vectorRank === null && p.vectorScore === null && p.textRank !== null)).toBe(true);
    // The question is about returns: full text alone still puts the right document first.
    expect(passages[0]!.sourceId).toBe(oldSource.id);
  });

  it("keeps each word's chunk count as chunks are written and deleted", async () => {
    // The counts the triggers keep, and the same counted from scratch.
    const kept = () =>
      database.rows<{ chatbot_id: string; lexeme: string; chunks: number | string }>(
        sql`select chatbot_id, lexeme, chunks from knowledge_lexemes order by chatbot_id, lexeme`,
      );
    const counted = () =>
      database.rows<{ chatbot_id: string; lexeme: string; chunks: number | string }>(
        sql`select chatbot_id, lexeme, count(*)::int as chunks from (
              select chatbot_id, '' as lexeme from knowledge_chunks
              union all
              select chatbot_id, unnest(tsvector_to_array(search)) from knowledge_chunks
            ) w group by chatbot_id, lexeme order by chatbot_id, lexeme`,
      );
    const normal = (rows: Awaited<ReturnType<typeof kept>>) => rows.map((r) => ({ ...r, chunks: Number(r.chunks) }));
    expect(normal(await kept())).toEqual(normal(await counted()));
    const [total] = await database.rows<{ chunks: number | string }>(
      sql`select chunks from knowledge_lexemes where chatbot_id = ${shop.id} and lexeme = ''`,
    );
    const [chunks] = await database.rows<{ n: number | string }>(
      sql`select count(*) as n from knowledge_chunks where chatbot_id = ${shop.id}`,
    );
    expect(Number(total!.chunks)).toBe(Number(chunks!.n));

    const bot = await createTestChatbot(database.db, { name: 'Counting' });
    const first = await addSource(bot, 'Care', fixture('care'));
    const second = await addSource(bot, 'Returns', fixture('returns'));
    expect(normal(await kept())).toEqual(normal(await counted()));
    // Re-ingesting replaces a source's chunks; deleting a source deletes its chunks.
    await ingestSource({ db: database.db, bus, embedder: offlineEmbedder }, first);
    await database.rows(sql`delete from knowledge_sources where id = ${second}`);
    expect(normal(await kept())).toEqual(normal(await counted()));
    // Words no chunk holds any more leave no row behind, and a deleted chatbot leaves none at all.
    expect(
      await database.rows(sql`select lexeme from knowledge_lexemes where chatbot_id = ${bot.id} and lexeme = 'refund'`),
    ).toEqual([]);
    await database.rows(sql`delete from chatbots where id = ${bot.id}`);
    expect(await database.rows(sql`select lexeme from knowledge_lexemes where chatbot_id = ${bot.id}`)).toEqual([]);
    expect(normal(await kept())).toEqual(normal(await counted()));
  });

  it('matches on the rare words of a question and ranks on all of them', async () => {
    // 120 chunks that all say "widget", three of them also "zanzibar": "widget" is common here.
    const bot = await createTestChatbot(database.db, { name: 'Widgets' });
    const source = await createTestSource(database.db, { chatbot: bot, content: 'x' });
    const rows = Array.from({ length: 120 }, (_, i) => {
      const content = i % 40 === 7 ? `The widget ships to Zanzibar, note ${i}.` : `A widget of kind ${i} in blue.`;
      return {
        workspaceId: bot.workspaceId,
        chatbotId: bot.id,
        sourceId: source.id,
        ordinal: i,
        content,
        contentHash: String(i),
        tokenCount: 8,
        embedding: offlineVector(content),
        embeddingModel: offlineEmbedder.model,
      };
    });
    await database.db.insert(knowledgeChunks).values(rows);

    const passages = await retrieve(deps(), { chatbotId: bot.id, query: 'Does the widget go to Zanzibar?', k: 20 });
    const byText = passages.filter((p) => p.textRank !== null);
    expect(byText).toHaveLength(3);
    expect(byText.every((p) => p.content.includes('Zanzibar'))).toBe(true);
    expect(passages[0]!.content).toContain('Zanzibar');

    // A question of common words alone still matches on them.
    const common = await retrieve(deps(), { chatbotId: bot.id, query: 'widget', k: 20 });
    expect(common.filter((p) => p.textRank !== null).length).toBeGreaterThan(3);

    // Quotes and backslashes in a question's words do not break the query.
    for (const query of [`what's "widget's" zanzibar?`, 'C:\\widgets\\zanzibar \\', "o'clock ''widget''"]) {
      await expect(retrieve(deps(), { chatbotId: bot.id, query })).resolves.toBeInstanceOf(Array);
    }
  });

  it('returns nothing for an empty question or an unknown chatbot', async () => {
    expect(await retrieve(deps(), { chatbotId: shop.id, query: '   ' })).toEqual([]);
    expect(await retrieve(deps(), { chatbotId: '00000000-0000-4000-8000-000000000000', query: 'refund' })).toEqual([]);
  });
});
