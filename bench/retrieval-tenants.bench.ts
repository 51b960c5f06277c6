/**
 * Retrieval on a hosted install's shape: 100,000 chunks over 1,000 chatbots,
 * one of 10,000 and 999 small ones, every retrieval on one connection as a
 * server makes them. Many small chatbots make the planner's average chatbot
 * small; a plan cached for that average (plpgsql's generic plan, from the
 * sixth call) scans the large chatbot exactly. The baseline is the same
 * sequence with the function's plan cache left to choose. The large chatbot
 * has the HNSW index of its own that ingestion gives a chatbot past
 * OWN_INDEX_MIN_CHUNKS (own-index.ts); the small ones use the shared one.
 */
import { ensureOwnIndex } from '../server/services/knowledge/own-index';
import { exactRetrieve, retrieve } from '../server/services/knowledge/retrieval';
import { median, once, percentile, round, startTimer } from './lib';
import { load, lookupEmbedder, type Query } from './retrieval-corpus';
import type { Benchmark } from './types';

const SIZE = 100_000;
const TENANTS = { chatbots: 1_000, largest: 10_000 };
/** Consecutive retrievals measured for the large chatbot, then for the small ones. */
const CALLS = 500;
/** Questions run first (WebAssembly tiers up on hot code, see retrieval.bench.ts), half on each kind. */
const WARM_UP = 100;
const RECALL_SAMPLES = 50;
const SIGNATURE = 'retrieve_passages(uuid, text, integer[], text, integer, integer)';

type Latency = { p50: number; p95: number; max: number };

const latency = (samples: number[]): Latency => ({
  p50: median(samples),
  p95: percentile(samples, 95),
  max: Math.max(...samples),
});

const measure = once(async () => {
  const loaded = await load(SIZE, WARM_UP + 2 * CALLS, TENANTS);
  const { database, chatbotId, otherChatbotIds, queries } = loaded;
  try {
    // What ingestion does once a chatbot passes OWN_INDEX_MIN_CHUNKS: the large one gets its own index.
    const ownIndexTimer = startTimer();
    if (!(await ensureOwnIndex({ db: database.db, isSharedDatabase: false }, chatbotId))) {
      throw new Error('The large chatbot did not get an index of its own');
    }
    const ownIndexMs = ownIndexTimer();
    const deps = { database, embedder: lookupEmbedder(queries) };
    // Small chatbots in turn, so the 500 calls meet 500 different ones.
    const small = (i: number) => otherChatbotIds[i % otherChatbotIds.length]!;
    const run = async (list: Query[], chatbot: (i: number) => string) => {
      const samples: number[] = [];
      for (const [i, query] of list.entries()) {
        const elapsed = startTimer();
        const passages = await retrieve(deps, { chatbotId: chatbot(i), query: query.text });
        samples.push(elapsed());
        if (passages.length === 0) throw new Error('A benchmark query found nothing');
      }
      return samples;
    };
    const warmUp = queries.slice(0, WARM_UP);
    const measured = queries.slice(WARM_UP, WARM_UP + CALLS);
    const smallMeasured = queries.slice(WARM_UP + CALLS);
    await run(warmUp, (i) => (i % 2 ? chatbotId : small(i)));
    const large = latency(await run(measured, () => chatbotId));
    const smallLatency = latency(await run(smallMeasured, small));

    // Recall of the production path against the same query without index scans, on both kinds of chatbot.
    const overlap = async (chatbot: string, query: Query) => {
      const input = { chatbotId: chatbot, query: query.text, k: 10 };
      const exact = new Set((await exactRetrieve(deps, input)).map((passage) => passage.chunkId));
      const found = await retrieve(deps, input);
      return found.filter((passage) => exact.has(passage.chunkId)).length / Math.max(1, exact.size);
    };
    const recall = { large: 0, small: 0 };
    const recallQueries = measured.slice(0, RECALL_SAMPLES);
    for (const [i, query] of recallQueries.entries()) {
      recall.large += (await overlap(chatbotId, query)) / RECALL_SAMPLES;
      recall.small += (await overlap(small(i), query)) / RECALL_SAMPLES;
    }

    // Before migration 0012: the same calls with the plan cache left to choose, on a freshly compiled function.
    await database.executeSql(`alter function ${SIGNATURE} reset plan_cache_mode`);
    const cached = latency(await run(measured, () => chatbotId));
    await database.executeSql(`alter function ${SIGNATURE} set plan_cache_mode = force_custom_plan`);
    return { large, small: smallLatency, cached, recall, loaded, ownIndexMs };
  } finally {
    await database.close();
  }
});

const setting = (m: Awaited<ReturnType<typeof measure>>) =>
  `${SIZE} synthetic 768-d chunks over ${TENANTS.chatbots} chatbots (one of ${TENANTS.largest}, the rest ~${Math.round((SIZE - TENANTS.largest) / (TENANTS.chatbots - 1))} each), ` +
  `COPY ${round(m.loaded.loadMs / 1000)} s, GIN ${round(m.loaded.ginMs / 1000)} s, HNSW build ${round(m.loaded.hnswMs / 1000)} s, ` +
  `the large chatbot's own HNSW index ${round(m.ownIndexMs / 1000)} s; ` +
  `one connection, ${WARM_UP} warm-up questions first`;

export const benchmarks: Benchmark[] = [
  {
    id: 'retrieval.p95_ms.100k_tenants',
    description: `p95 of ${CALLS} consecutive retrievals for the largest of ${TENANTS.chatbots} chatbots on one connection`,
    run: async () => {
      const m = await measure();
      return {
        value: round(m.large.p95, 2),
        unit: 'ms',
        baseline: round(m.cached.p95, 1),
        target: 10,
        notes:
          `p50 ${round(m.large.p50, 2)} ms, slowest ${round(m.large.max, 1)} ms; baseline = the same ${CALLS} calls with the ` +
          `function's plans cached (no plan_cache_mode on it; p50 ${round(m.cached.p50, 1)} ms). ${setting(m)}.`,
      };
    },
  },
  {
    id: 'retrieval.p95_ms.100k_tenants_small',
    description: `p95 of ${CALLS} consecutive retrievals, each for another small chatbot, on the same connection`,
    run: async () => {
      const m = await measure();
      return {
        value: round(m.small.p95, 2),
        unit: 'ms',
        baseline: null,
        target: 10,
        notes: `p50 ${round(m.small.p50, 2)} ms, slowest ${round(m.small.max, 1)} ms; ${setting(m)}.`,
      };
    },
  },
  {
    id: 'retrieval.recall10.100k_tenants',
    description: 'Recall@10 of retrieve against the same query without index scans, 100k chunks over 1,000 chatbots',
    isHigherBetter: true,
    run: async () => {
      const m = await measure();
      return {
        value: round(Math.min(m.recall.large, m.recall.small), 3),
        unit: 'ratio',
        baseline: null,
        target: 0.95,
        notes:
          `The lower of the large chatbot's (${round(m.recall.large, 3)}) and the small ones' (${round(m.recall.small, 3)}); ` +
          `${RECALL_SAMPLES} questions each, retrieve's top 10 passages (hybrid) against exactRetrieve's. ${setting(m)}.`,
      };
    },
  },
];
