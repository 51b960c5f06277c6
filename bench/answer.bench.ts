import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { chatbots, conversations, knowledgeChunks, knowledgeSources, visitors, workspaces } from '../db/schema';
import { answerMessage } from '../server/services/answering/answer';
import type { TAnswerProvider } from '../server/services/answering/providers';
import { receiveVisitorMessage } from '../server/services/conversations/messages';
import { chunkText, embeddingText } from '../server/services/knowledge/chunking';
import { offlineEmbedder } from '../server/services/knowledge/embedder';
import type { EventBus } from '../server/events/bus';
import { createEventBus } from '../server/events/bus';
import { median, once, openFreshDatabase, percentile, round, silentLog } from './lib';
import type { Benchmark } from './types';

const CHUNKS = 10_000;
const SAMPLES = 200;
const WARMUP = 20;

/** A model that answers the moment it is asked: what is left is Parley's own time. */
const instantModel: TAnswerProvider = {
  name: 'gemini',
  model: 'instant-bench-model',
  async *generate() {
    yield { type: 'text', text: 'Here is what I found [S1].' };
    yield { type: 'usage', tokensIn: 100, tokensOut: 8 };
  },
};

const QUESTIONS = [
  'How long do I have to return unworn shoes?',
  'Do you ship to other countries?',
  'How should I clean suede?',
  'What does the warranty cover?',
  'When does my refund arrive?',
  'Can I exchange a size?',
  'How long does delivery take?',
  'Is the lighthouse open to visitors?',
];

/**
 * 10,000 chunks in one chatbot: the fixture documents' chunks, repeated
 * with a numbered variation so each chunk is distinct. Bulk-loaded without
 * the HNSW index, which is then built once (inserting row by row into an
 * HNSW graph is what is slow in WASM, and not what this measures).
 */
export async function loadKnowledge(database: Database) {
  const dir = path.join(import.meta.dirname, '../tests/fixtures/knowledge');
  const base = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .flatMap((file) => chunkText(fs.readFileSync(path.join(dir, file), 'utf8')));
  const [workspace] = await database.db.insert(workspaces).values({ name: 'Bench' }).returning();
  const [chatbot] = await database.db
    .insert(chatbots)
    .values({
      workspaceId: workspace!.id,
      name: 'Bench bot',
      template: 'support',
      settings: { confidenceThreshold: 0 },
      publicKey: 'pk_bench',
    })
    .returning();
  const [source] = await database.db
    .insert(knowledgeSources)
    .values({ workspaceId: workspace!.id, chatbotId: chatbot!.id, kind: 'text', title: 'Bench', status: 'ready' })
    .returning();
  await database.executeSql('drop index knowledge_chunks_embedding_idx');
  for (let start = 0; start < CHUNKS; start += 500) {
    const rows = Array.from({ length: Math.min(500, CHUNKS - start) }, (_, j) => {
      const i = start + j;
      const chunk = base[i % base.length]!;
      const content = `${chunk.content} (variant ${Math.floor(i / base.length)})`;
      return { ...chunk, content, ordinal: i };
    });
    const vectors = await offlineEmbedder.embed(rows.map(embeddingText));
    await database.db.insert(knowledgeChunks).values(
      rows.map((row, j) => ({
        workspaceId: workspace!.id,
        chatbotId: chatbot!.id,
        sourceId: source!.id,
        ordinal: row.ordinal,
        headingPath: row.headingPath,
        content: row.content,
        contentHash: `${row.contentHash}-${row.ordinal}`,
        tokenCount: row.tokenCount,
        embedding: vectors[j]!,
        embeddingModel: offlineEmbedder.model,
      })),
    );
  }
  await database.executeSql(
    `set maintenance_work_mem = '512MB'; create index knowledge_chunks_embedding_idx on knowledge_chunks using hnsw (embedding vector_cosine_ops); analyze knowledge_chunks`,
  );
  const [visitor] = await database.db
    .insert(visitors)
    .values({ workspaceId: workspace!.id, chatbotId: chatbot!.id })
    .returning();
  const [conversation] = await database.db
    .insert(conversations)
    .values({ workspaceId: workspace!.id, chatbotId: chatbot!.id, visitorId: visitor!.id, channel: 'widget' })
    .returning();
  return conversation!;
}

/**
 * From the visitor's message arriving (before it is stored) to the first
 * `answer.delta` published: storing the message, embedding the question,
 * hybrid retrieval over 10k chunks, the prompt, and the publish itself.
 */
const measure = once(async () => {
  const database = await openFreshDatabase();
  const bus = await createEventBus(database, silentLog);
  try {
    const conversation = await loadKnowledge(database);
    let firstTokenAt = 0;
    const timedBus: Pick<EventBus, 'publish'> = {
      publish: (type, payload, options) => {
        if (type === 'answer.delta' && !firstTokenAt) firstTokenAt = performance.now();
        return bus.publish(type, payload, options);
      },
    };
    const deps = {
      db: database.db,
      database,
      bus: timedBus,
      embedder: offlineEmbedder,
      provider: instantModel,
      log: silentLog,
    };
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      firstTokenAt = 0;
      const started = performance.now();
      const { message } = await receiveVisitorMessage(
        { db: database.db, bus: timedBus },
        { conversation, content: QUESTIONS[i % QUESTIONS.length]!, clientId: `bench-${i}` },
      );
      const stored = await answerMessage(deps, { messageId: message.id, receivedAt: started });
      if (!firstTokenAt || stored?.outcome !== 'answered') throw new Error(`question ${i} was not answered`);
      if (i >= WARMUP) samples.push(firstTokenAt - started);
    }
    const [row] = await database.rows<{ count: number }>(sql`select count(*)::int as count from knowledge_chunks`);
    return { samples, chunks: row!.count };
  } finally {
    await bus.close();
    await database.close();
  }
});

export const benchmarks: Benchmark[] = [
  {
    id: 'answer.first_token_p50_ms',
    description: 'Message received → first answer token published (instant model, 10k chunks, PGlite), median',
    run: async () => {
      const { samples, chunks } = await measure();
      return {
        value: round(median(samples), 2),
        unit: 'ms',
        baseline: null,
        target: null,
        notes: `${SAMPLES} questions, ${chunks} chunks`,
      };
    },
  },
  {
    id: 'answer.first_token_p95_ms',
    description: 'Message received → first answer token published (instant model, 10k chunks, PGlite), p95',
    run: async () => {
      const { samples, chunks } = await measure();
      return {
        value: round(percentile(samples, 95), 2),
        unit: 'ms',
        baseline: null,
        target: 30,
        notes: `${SAMPLES} questions, ${chunks} chunks; includes storing the message, embedding, hybrid retrieval`,
      };
    },
  },
];
