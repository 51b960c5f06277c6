/**
 * Ingestion throughput: text sources chunked, embedded with the offline
 * embedder and written (HNSW and GIN maintained on every insert) by
 * `ingestSource`, the body of the `source.ingest` job, on PGlite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createEventBus } from '../server/events/bus';
import { chunkText, embeddingText } from '../server/services/knowledge/chunking';
import { offlineEmbedder } from '../server/services/knowledge/embedder';
import { ingestSource } from '../server/services/knowledge/ingest';
import { createTestChatbot, createTestSource } from '../tests/factories/chatbots';
import { openFreshDatabase, round, silentLog, startTimer } from './lib';
import type { Benchmark } from './types';

const SOURCES = 40;
/** Sections per generated document: with the fixtures' section sizes, ~25 chunks a source, ~1,000 in all. */
const SECTIONS_PER_SOURCE = 30;

/**
 * Help-centre-like documents built from the evaluation fixtures' sections,
 * shuffled and numbered so that no two chunks are identical (identical
 * chunks would share one embedding and flatter the figure).
 */
function documents(): string[] {
  const dir = path.resolve(import.meta.dirname, '../tests/fixtures/knowledge');
  const sections = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .flatMap((file) =>
      fs
        .readFileSync(path.join(dir, file), 'utf8')
        .split(/\n(?=## )/)
        .map((part) => part.replace(/^#.*\n/gm, '').trim())
        .filter(Boolean),
    );
  return Array.from({ length: SOURCES }, (_, d) =>
    Array.from({ length: SECTIONS_PER_SOURCE }, (_, s) => {
      const section = sections[(d * 7 + s * 3) % sections.length]!;
      return `## Article ${d + 1}.${s + 1}\n\n${section}\n\nLast reviewed for store ${d + 1}, revision ${s + 1}.`;
    }).join('\n\n'),
  );
}

export const benchmarks: Benchmark[] = [
  {
    id: 'ingest.chunks_per_s',
    description: 'Ingestion throughput (chunk, offline-embed, insert) through ingestSource on PGlite',
    isHigherBetter: true,
    run: async () => {
      const texts = documents();
      // The embedder's share alone: what the database and chunking add on top of it.
      const embedTimer = startTimer();
      const allChunks = texts.flatMap((text) => chunkText(text));
      await offlineEmbedder.embed(allChunks.map(embeddingText));
      const embedOnly = allChunks.length / (embedTimer() / 1000);

      const database = await openFreshDatabase();
      const bus = await createEventBus(database, silentLog);
      try {
        const chatbot = await createTestChatbot(database.db, { name: 'Ingest bench' });
        // A first source outside the timing: warms the JIT and PGlite's caches.
        const warm = await createTestSource(database.db, { chatbot, title: 'Warm-up', content: texts[0]! });
        await ingestSource({ db: database.db, bus, embedder: offlineEmbedder }, warm.id);

        const sources = [];
        for (const [i, content] of texts.entries())
          sources.push(await createTestSource(database.db, { chatbot, title: `Article set ${i + 1}`, content }));
        const elapsed = startTimer();
        for (const source of sources)
          await ingestSource({ db: database.db, bus, embedder: offlineEmbedder }, source.id);
        const seconds = elapsed() / 1000;
        const [row] = await database.rows<{ n: number }>(
          // Warm-up chunks excluded.
          sql`select count(*)::int as n from knowledge_chunks where source_id <> ${warm.id}`,
        );
        const chunks = row!.n;
        return {
          value: round(chunks / seconds, 0),
          unit: 'chunks/s',
          baseline: round(embedOnly, 0),
          target: 50,
          notes:
            `${chunks} chunks from ${SOURCES} text sources (~${Math.round(chunks / SOURCES)} chunks each) in ${round(seconds)} s, ` +
            `one source at a time with the HNSW and GIN indexes maintained; baseline = the offline embedder alone. ` +
            `Target: a 100-page manual (~500 chunks) searchable within ~10 s of upload, while its status is watched live.`,
        };
      } finally {
        await bus.close();
        await database.close();
      }
    },
  },
];
