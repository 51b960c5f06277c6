/**
 * Retrieval at 10k and 100k chunks on PGlite: the production hybrid path
 * (`retrieve`: HNSW + full text, fused) against the same query without the
 * vector index (`exactRetrieve`), and the recall of the HNSW side against
 * exact nearest neighbours. Plus the offline retrieval evaluation (hit@5).
 */
import { sql } from 'drizzle-orm';
import { SESSION_SETTINGS, type Database } from '../db/client';
import { offlineEmbedder } from '../server/services/knowledge/embedder';
import { evaluateRetrieval } from '../server/services/knowledge/evaluation';
import { exactRetrieve, exactRows, questionVector, retrieve } from '../server/services/knowledge/retrieval';
import { median, once, openFreshDatabase, percentile, round, startTimer } from './lib';
import { load, lookupEmbedder, MAINTENANCE_WORK_MEM, type Query } from './retrieval-corpus';
import type { Benchmark, Result } from './types';

/**
 * The vector side of `retrieve` alone (same filter, same 40 candidates, re-ordered by distance, the
 * question's vector sent the same way): ids of the top `k`.
 */
async function vectorIds(database: Database, chatbotId: string, vector: number[], mode: 'index' | 'exact', k: number) {
  const literal = questionVector(vector);
  const query = sql`select id from (
      select id, embedding <=> ${literal}::int[]::vector as distance from knowledge_chunks
      where chatbot_id = ${chatbotId} and embedding_model = 'bench-synthetic'
      order by embedding <=> ${literal}::int[]::vector limit 40
    ) v order by distance, id limit ${k}`;
  // As retrieve runs it: the index scan's settings are the session's.
  const rows =
    mode === 'index'
      ? await database.rows<{ id: number | string }>(query)
      : await exactRows<{ id: number | string }>(database, query);
  return rows.map((row) => Number(row.id));
}

/**
 * Whether the planner takes the HNSW index for the vector side. It may not:
 * Postgres does not cost the TOAST reads of a sequential scan (a 768-d
 * vector is stored out of line), so on a table of ~10k rows it often
 * prefers scanning everything, which makes `retrieve` as slow as the exact
 * scan. Reported rather than asserted, since that is what production does.
 */
async function usesIndex(database: Database, chatbotId: string, vector: number[]) {
  const literal = questionVector(vector);
  const plan = await database.rows<Record<string, string>>(
    sql`explain select id from knowledge_chunks where chatbot_id = ${chatbotId}
        and embedding_model = 'bench-synthetic' order by embedding <=> ${literal}::int[]::vector limit 40`,
  );
  return plan.some((row) => Object.values(row)[0]!.includes('knowledge_chunks_embedding_idx'));
}

type Latency = { p50: number; p95: number; usesIndex: boolean };

type Measured = {
  size: number;
  recall10: number;
  /** The vector side alone (top 10 of 40 candidates), p95 in ms. */
  vectorP95: { exact: number; production: number };
  production: Latency;
  exactP50: number;
  exactP95: number;
  samples: number;
  recallSamples: number;
  exactSamples: number;
  loadMs: number;
  ginMs: number;
  hnswMs: number;
};

/**
 * Questions run before the measured ones. V8 compiles PGlite's WebAssembly
 * in tiers: the code a retrieval runs (HNSW search, ranking, the plpgsql
 * function) is optimised only once it has run hot for a while, and until then
 * each retrieval takes about a millisecond more. A server runs warm; so does the
 * measurement. (The exact scan runs every distance on each query and is warm
 * after a few.)
 */
const WARM_UP = 100;

type Sampling = { samples: number; recallSamples: number; exactSamples: number };

async function measure(size: number, options: Sampling): Promise<Measured> {
  const loaded = await load(size, WARM_UP + options.samples);
  const { database, chatbotId, loadMs, ginMs, hnswMs } = loaded;
  // Questions of their own for warming up, drawn like the measured ones.
  const warmUp = loaded.queries.slice(0, WARM_UP);
  const queries = loaded.queries.slice(WARM_UP);
  try {
    const deps = { database, embedder: lookupEmbedder(loaded.queries) };

    let found = 0;
    const recallQueries = queries.slice(0, options.recallSamples);
    // The vector side alone is timed too: it separates what the index buys from the full-text side's cost.
    const vectorMs = { exact: [] as number[], production: [] as number[] };
    for (const query of recallQueries) {
      let elapsed = startTimer();
      const exact = new Set(await vectorIds(database, chatbotId, query.vector, 'exact', 10));
      vectorMs.exact.push(elapsed());
      elapsed = startTimer();
      const approximate = await vectorIds(database, chatbotId, query.vector, 'index', 10);
      vectorMs.production.push(elapsed());
      found += approximate.filter((id) => exact.has(id)).length;
    }
    const recall10 = found / (recallQueries.length * 10);

    const timed = async (fn: typeof retrieve, list: Query[], warmUpCount: number) => {
      for (const query of warmUp.slice(0, warmUpCount)) await fn(deps, { chatbotId, query: query.text });
      const samples: number[] = [];
      for (const query of list) {
        const elapsed = startTimer();
        const passages = await fn(deps, { chatbotId, query: query.text });
        samples.push(elapsed());
        if (passages.length === 0) throw new Error('A benchmark query found nothing');
      }
      return samples;
    };
    const samples = await timed(retrieve, queries, WARM_UP);
    const production: Latency = {
      p50: median(samples),
      p95: percentile(samples, 95),
      usesIndex: await usesIndex(database, chatbotId, queries[0]!.vector),
    };
    // Every exact query computes every distance: a few warm it up as well as many would.
    const exact = await timed(exactRetrieve, queries.slice(0, options.exactSamples), 3);
    return {
      size,
      recall10,
      vectorP95: {
        exact: percentile(vectorMs.exact, 95),
        production: percentile(vectorMs.production, 95),
      },
      production,
      exactP50: median(exact),
      exactP95: percentile(exact, 95),
      samples: queries.length,
      recallSamples: recallQueries.length,
      exactSamples: exact.length,
      loadMs,
      ginMs,
      hnswMs,
    };
  } finally {
    await database.close();
  }
}

const plan = (latency: Latency) => (latency.usesIndex ? 'the planner uses HNSW' : 'the planner chooses an exact scan');

const setting = (m: Measured) =>
  `${m.size} synthetic 768-d chunks (48-d latent, 400 topics; 90% in the queried chatbot), COPY ${round(m.loadMs / 1000)} s, ` +
  `GIN ${round(m.ginMs / 1000)} s, HNSW build ${round(m.hnswMs / 1000)} s (m=16, ef_construction=64, in memory); ` +
  `production settings (ef_search=${SESSION_SETTINGS['hnsw.ef_search']}, iterative scan, random_page_cost=${SESSION_SETTINGS.random_page_cost})`;

function sizeBenchmarks(label: string, size: number, samples: Sampling): Benchmark[] {
  const run = once(() => measure(size, samples));
  const result = async (pick: (m: Measured) => Omit<Result, 'notes'> & { notes: string }) => pick(await run());
  return [
    {
      id: `retrieval.recall10.${label}`,
      description: `Recall@10 of the HNSW vector side against exact neighbours, ${label} chunks`,
      isHigherBetter: true,
      run: () =>
        result((m) => ({
          value: round(m.recall10, 3),
          unit: 'ratio',
          baseline: null,
          target: 0.95,
          notes: `${m.recallSamples} queries, vector side alone, top 10 of its 40 candidates vs exact top 10; ${setting(m)}.`,
        })),
    },
    {
      id: `retrieval.p50_ms.${label}`,
      description: `Median latency of retrieve (hybrid, production settings), ${label} chunks`,
      run: () =>
        result((m) => ({
          value: round(m.production.p50, 2),
          unit: 'ms',
          baseline: round(m.exactP50, 1),
          target: round(m.exactP50 / 10, 1),
          notes: `${m.samples} queries after ${WARM_UP} warm-up questions of their own; ${plan(m.production)}; baseline = exactRetrieve median; target = a tenth of it.`,
        })),
    },
    {
      id: `retrieval.p95_ms.${label}`,
      description: `p95 latency of retrieve (hybrid, production settings), ${label} chunks`,
      run: () =>
        result((m) => ({
          value: round(m.production.p95, 2),
          unit: 'ms',
          baseline: round(m.exactP95, 1),
          target: round(m.exactP95 / 10, 1),
          notes: `${m.samples} queries, nearest-rank p95; ${plan(m.production)}; baseline = exactRetrieve p95; target = a tenth of it. ${setting(m)}.`,
        })),
    },
    {
      id: `retrieval.vector_p95_ms.${label}`,
      description: `p95 latency of the vector side alone (production settings), ${label} chunks`,
      run: () =>
        result((m) => ({
          value: round(m.vectorP95.production, 2),
          unit: 'ms',
          baseline: round(m.vectorP95.exact, 1),
          target: round(m.vectorP95.exact / 10, 1),
          notes:
            `${m.recallSamples} queries, the nearest-neighbour query of retrieve without full text; baseline = the same without the index. ` +
            `The rest of retrieve's time is the full-text side.`,
        })),
    },
    {
      id: `retrieval.exact_p95_ms.${label}`,
      description: `p95 latency of exactRetrieve (same query, no vector index), ${label} chunks`,
      run: () =>
        result((m) => ({
          value: round(m.exactP95, 1),
          unit: 'ms',
          baseline: null,
          target: null,
          notes: `${m.exactSamples} queries, nearest-rank p95 (median ${round(m.exactP50, 1)} ms): every distance computed.`,
        })),
    },
    {
      id: `retrieval.hnsw_build_ms.${label}`,
      description: `Building the HNSW index over ${label} chunks after a bulk load`,
      run: () =>
        result((m) => ({
          value: Math.round(m.hnswMs),
          unit: 'ms',
          baseline: Math.round(m.loadMs),
          target: null,
          notes: `CREATE INDEX … USING hnsw (vector_cosine_ops), maintenance_work_mem=${MAINTENANCE_WORK_MEM}, single process (PGlite); baseline = the COPY of the rows.`,
        })),
    },
  ];
}

export const benchmarks: Benchmark[] = [
  {
    id: 'retrieval.hit5.offline',
    description: 'Retrieval evaluation: share of questions whose expected passage is in the top 5 (offline embedder)',
    isHigherBetter: true,
    run: async () => {
      const database = await openFreshDatabase();
      try {
        const hybrid = await evaluateRetrieval({ database, embedder: offlineEmbedder });
        return {
          value: round(hybrid.hitAt5, 3),
          unit: 'ratio',
          baseline: round(hybrid.baselines.textOnly.hitAt5, 3),
          // The floor evaluation.test.ts holds.
          target: 0.75,
          notes:
            `${hybrid.questions.length} questions over ${hybrid.documents} documents (${hybrid.chunks} chunks); ` +
            `MRR ${round(hybrid.mrr, 3)} (full text alone ${round(hybrid.baselines.textOnly.mrr, 3)}); baseline = full-text hit@5 alone; ` +
            `vector alone ${round(hybrid.baselines.vectorOnly.hitAt5, 3)} (MRR ${round(hybrid.baselines.vectorOnly.mrr, 3)}).`,
        };
      } finally {
        await database.close();
      }
    },
  },
  ...sizeBenchmarks('10k', 10_000, { samples: 200, recallSamples: 200, exactSamples: 50 }),
  ...sizeBenchmarks('100k', 100_000, { samples: 100, recallSamples: 50, exactSamples: 20 }),
];
