/**
 * Ingestion throughput: text sources chunked, embedded with the offline
 * embedder and written (HNSW and GIN maintained on every insert) by
 * `ingestSource`, the body of the `source.ingest` job, on PGlite. And how
 * long the server stops answering while hostile uploads are ingested.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createEventBus } from '../server/events/bus';
import { chunkText, embeddingText } from '../server/services/knowledge/chunking';
import { offlineEmbedder } from '../server/services/knowledge/embedder';
import { ingestSource } from '../server/services/knowledge/ingest';
import { createTestChatbot, createTestSource } from '../tests/factories/chatbots';
import { startServer, stopServer, type BenchServer } from './chat-clients';
import { openFreshDatabase, percentile, round, silentLog, sleep, startTimer } from './lib';
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

/** Rounds of the three hostile uploads; the first one also starts the parsing workers. */
const STALL_ROUNDS = 2;

/**
 * Polls `/healthz` over one kept-alive connection, about every 10 ms, until
 * stopped; gives the longest any answer took (from sending the request to
 * the end of the answer), the 99th percentile and how many there were.
 */
function pollHealth(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let isRunning = true;
  const waits: number[] = [];
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      http
        .get({ host: '127.0.0.1', port, path: '/healthz', agent }, (response) => {
          response.resume();
          response.on('end', () => {
            waits.push(performance.now() - started);
            resolve();
          });
        })
        .on('error', reject);
    });
  const loop = (async () => {
    while (isRunning) {
      await once();
      await sleep(10);
    }
  })();
  return async (): Promise<TPolls> => {
    isRunning = false;
    await loop;
    agent.destroy();
    return { longest: Math.max(...waits), p99: percentile(waits, 99), polls: waits.length };
  };
}

type TPolls = { longest: number; p99: number; polls: number };

/** Two stretches of polling as one: the worse of each figure, the polls added up. */
const worse = (a: TPolls, b: TPolls): TPolls => ({
  longest: Math.max(a.longest, b.longest),
  p99: Math.max(a.p99, b.p99),
  polls: a.polls + b.polls,
});

type TIngested = { rows: Array<{ status: string; error: string | null }> };

/** Sends the bench server one IPC request and waits for its answer. */
const ask = <T>(server: BenchServer, message: object) =>
  new Promise<T>((resolve) => {
    server.child.once('message', (answer) => resolve(answer as T));
    server.child.send(message);
  });

export const benchmarks: Benchmark[] = [
  {
    id: 'ingest.stall_ms',
    description:
      'Longest /healthz wait while hostile uploads (nested HTML, inflating PDF, 1,001-page PDF) are ingested',
    run: async () => {
      const load = os.loadavg()[0]!;
      const server = await startServer('parley-ingest.ts');
      try {
        const port = server.info.port as number;
        // The same polling with nothing being ingested: what the machine and the connection cost alone.
        const idle = pollHealth(port);
        await sleep(2_000);
        const baseline = await idle();

        const outcomes: string[] = [];
        let measured: TPolls = { longest: 0, p99: 0, polls: 0 };
        let storing: TPolls = { longest: 0, p99: 0, polls: 0 };
        let seconds = 0;
        for (let round = 0; round < STALL_ROUNDS; round++) {
          // Storing the uploads (the upload procedure's part) is timed apart from ingesting them (the job's).
          const store = pollHealth(port);
          const { ids } = await ask<{ ids: string[] }>(server, { store: true });
          storing = worse(storing, await store());
          const ingest = pollHealth(port);
          const timer = startTimer();
          const { rows } = await ask<TIngested>(server, { ingest: ids });
          seconds += timer() / 1000;
          measured = worse(measured, await ingest());
          outcomes.push(...rows.map((row) => row.status));
        }
        const failed = outcomes.filter((status) => status === 'failed').length;
        if (failed !== outcomes.length)
          throw new Error(`Expected every hostile upload to fail on a limit; got ${outcomes.join(', ')}.`);
        return {
          value: round(measured.longest),
          unit: 'ms',
          baseline: round(baseline.longest),
          target: 100,
          notes:
            `${STALL_ROUNDS} rounds of 3 hostile uploads (2 MB of nested <div>s, a PDF inflating to 200 MB, a 1,001-page PDF) ` +
            `through the job queue of a real server in its own process, all ${failed} failed on their limits, in ${round(seconds)} s; ` +
            `${measured.polls} /healthz polls ~10 ms apart, p99 ${round(measured.p99)} ms; ` +
            `baseline = the longest wait while idle (p99 ${round(baseline.p99)} ms). ` +
            `Storing the uploads beforehand (PGlite, main thread; not counted): longest wait ${round(storing.longest)} ms. ` +
            `Load average ${round(load, 2)} on ${os.availableParallelism()} cores at the start (the machine is shared).`,
        };
      } finally {
        await stopServer(server);
      }
    },
  },
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
