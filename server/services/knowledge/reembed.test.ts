import fs from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/client';
import { knowledgeChunks, knowledgeGaps, type TChatbot } from '../../../db/schema';
import { createTestChatbot, createTestSource } from '../../../tests/factories/chatbots';
import { createTestApp, recordingJobs, type TTestApp } from '../../../tests/helpers/app';
import { testLog } from '../../../tests/helpers/log';
import type { EventBus } from '../../events/bus';
import { registerJobs } from '../../jobs/handlers';
import { startJobQueue } from '../../jobs/queue';
import { embeddingText } from './chunking';
import { offlineEmbedder, offlineVector, type Embedder } from './embedder';
import { recordGap } from './gaps';
import { ingestSource } from './ingest';
import { queueReembedIfNeeded, reembedKnowledge, runReembedJob } from './reembed';
import { retrieve } from './retrieval';

const fixture = (name: string) => fs.readFileSync(`tests/fixtures/knowledge/${name}.md`, 'utf8');

/** "Model X": an older embedder whose vectors live in another space (here: the offline one's, of the text reversed). */
const modelX: Embedder = {
  ...offlineEmbedder,
  model: 'model-x',
  embed: async (texts) => texts.map((text) => offlineVector([...text].reverse().join(''))),
};

let h: TTestApp;
let database: Database;
let bus: EventBus;
let bot: TChatbot;

/** A chatbot whose knowledge and gaps were all embedded with model X. */
const seedWithModelX = async () => {
  const chatbot = await createTestChatbot(database.db, { name: 'Shop' });
  for (const [name, title] of [
    ['returns', 'Returns'],
    ['shipping', 'Shipping'],
    ['care', 'Leather care'],
  ]) {
    const source = await createTestSource(database.db, { chatbot, title, content: fixture(name!) });
    await ingestSource({ db: database.db, bus, embedder: modelX }, source.id);
  }
  for (const question of ['Do you ship to Canada?', 'Is there a student discount?'])
    await recordGap(
      { db: database.db, embedder: modelX },
      { workspaceId: chatbot.workspaceId, chatbotId: chatbot.id, question, reason: 'low_confidence', topScore: 0 },
    );
  return chatbot;
};

const models = async (chatbotId: string) => {
  const rows = await database.rows<{ model: string; n: number }>(
    sql`select embedding_model as model, count(*)::int as n from knowledge_chunks where chatbot_id = ${chatbotId} group by 1 order by 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.model, Number(row.n)]));
};

beforeAll(async () => {
  h = await createTestApp();
  ({ database, bus } = h);
  bot = await seedWithModelX();
});
afterAll(() => h.close());

describe('re-embedding after a model change', () => {
  it('moves chunks and gaps from model X to the current model in batches, resumably', async () => {
    const total = (await models(bot.id))['model-x']!;
    expect(total).toBeGreaterThan(6);

    // Mixed state: nothing is re-embedded yet. The vector side has nothing comparable, the text side finds all.
    const before = await retrieve(
      { database, embedder: offlineEmbedder },
      { chatbotId: bot.id, query: 'Can I return worn shoes?', k: 5 },
    );
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((p) => p.vectorRank === null && p.textRank !== null)).toBe(true);

    // One batch, then the deadline passes (a slow embedder stands in for a long job).
    const slow: Embedder = {
      ...offlineEmbedder,
      embed: async (texts, options) => {
        await new Promise((resolve) => setTimeout(resolve, 1200));
        return offlineEmbedder.embed(texts, options);
      },
    };
    const first = await reembedKnowledge({ db: database.db, embedder: slow, batchSize: 4, deadline: Date.now() + 800 });
    expect(first).toEqual({ chunks: 4, gaps: 0, isDone: false });
    expect(await models(bot.id)).toEqual({ 'model-x': total - 4, [offlineEmbedder.model]: 4 });

    // Halfway: only the re-embedded chunks take part in the vector side.
    const converted = new Set(
      (
        await database.db
          .select({ id: knowledgeChunks.id })
          .from(knowledgeChunks)
          .where(eq(knowledgeChunks.embeddingModel, offlineEmbedder.model))
      ).map((row) => row.id),
    );
    const halfway = await retrieve(
      { database, embedder: offlineEmbedder },
      { chatbotId: bot.id, query: 'shoes delivery refund leather', k: 20 },
    );
    expect(
      halfway
        .filter((p) => p.vectorRank !== null)
        .map((p) => p.chunkId)
        .sort(),
    ).toEqual([...converted].sort());

    // The rest, and the gaps; the job logs progress as it goes.
    const log = { ...testLog, info: vi.fn() } as unknown as typeof testLog;
    const rest = await reembedKnowledge({ db: database.db, embedder: offlineEmbedder, batchSize: 4, log });
    expect(rest).toEqual({ chunks: total - 4, gaps: 2, isDone: true });
    expect(vi.mocked(log.info).mock.calls.map(([, message]) => message)).toContain(
      `re-embedded ${total - 4} of ${total - 4} chunks`,
    );
    expect(await models(bot.id)).toEqual({ [offlineEmbedder.model]: total });

    // Exactly what ingestion with the current model would store.
    const chunks = await database.db.select().from(knowledgeChunks).where(eq(knowledgeChunks.chatbotId, bot.id));
    for (const chunk of chunks) {
      const expected = offlineVector(embeddingText(chunk));
      chunk.embedding.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
    }
    const gaps = await database.db.select().from(knowledgeGaps).where(eq(knowledgeGaps.chatbotId, bot.id));
    expect(gaps.map((gap) => gap.embeddingModel)).toEqual([offlineEmbedder.model, offlineEmbedder.model]);

    // Vector search works again over everything, and a re-run has nothing to do.
    const after = await retrieve(
      { database, embedder: offlineEmbedder },
      { chatbotId: bot.id, query: 'Can I return worn shoes?', k: 5 },
    );
    expect(after[0]!.vectorRank).not.toBeNull();
    expect(after[0]!.headingPath).toBe('Returns and refunds › Worn shoes');
    expect(await reembedKnowledge({ db: database.db, embedder: offlineEmbedder })).toEqual({
      chunks: 0,
      gaps: 0,
      isDone: true,
    });
    // New questions now group with the re-embedded gaps.
    const again = await recordGap(
      { db: database.db, embedder: offlineEmbedder },
      {
        workspaceId: bot.workspaceId,
        chatbotId: bot.id,
        question: 'Can you ship to Canada?',
        reason: 'thumbs_down',
        topScore: null,
      },
    );
    expect(again!.isNew).toBe(false);
  });

  it('hands over to a follow-up job when its time slice runs out', async () => {
    const chatbot = await seedWithModelX();
    const { jobs, sent } = recordingJobs();
    const sliced = await runReembedJob({ db: database.db, embedder: offlineEmbedder, jobs, deadline: Date.now() - 1 });
    expect(sliced.isDone).toBe(false);
    expect(sent).toEqual([{ name: 'knowledge.reembed', data: {} }]);
    sent.length = 0;
    expect((await runReembedJob({ db: database.db, embedder: offlineEmbedder, jobs })).isDone).toBe(true);
    expect(sent).toEqual([]);
    expect(await models(chatbot.id)).toEqual({ [offlineEmbedder.model]: expect.any(Number) });
  });

  it('is queued at start-up when needed, once however often the app restarts, and run by the worker', async () => {
    const chatbot = await seedWithModelX();
    const jobs = await startJobQueue(database, testLog, { supervise: false, pollingIntervalSeconds: 0.5 });
    try {
      const model = offlineEmbedder.model;
      // Three start-ups before any worker ran: one job waits.
      expect(await queueReembedIfNeeded({ db: database.db, jobs, model })).toBe(true);
      expect(await queueReembedIfNeeded({ db: database.db, jobs, model })).toBe(false);
      expect(await queueReembedIfNeeded({ db: database.db, jobs, model })).toBe(false);
      expect(await jobs.depth('knowledge.reembed')).toBe(1);

      // The real start-up path: registerJobs works the queue (and queues nothing more).
      await registerJobs(jobs, { bus, db: database.db, env: h.env });
      await vi.waitFor(async () => expect(await models(chatbot.id)).toEqual({ [model]: expect.any(Number) }), {
        timeout: 20_000,
        interval: 200,
      });
      const [{ n }] = (await database.rows<{ n: number }>(
        sql`select count(*)::int as n from pgboss.job where name = 'knowledge.reembed'`,
      )) as [{ n: number }];
      expect(Number(n)).toBe(1);
      // Nothing stale any more: the next start-up queues nothing.
      expect(await queueReembedIfNeeded({ db: database.db, jobs, model })).toBe(false);
    } finally {
      await jobs.stop();
    }
  });
});
