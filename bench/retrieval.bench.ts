/**
 * Retrieval at 10k and 100k chunks on PGlite: the production hybrid path
 * (`retrieve`: HNSW + full text, fused) against the same query without the
 * vector index (`exactRetrieve`), and the recall of the HNSW side against
 * exact nearest neighbours. Plus the offline retrieval evaluation (hit@5).
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { fromPGlite, pgliteOptions, SESSION_SETTINGS, type Database } from '../db/client';
import { EMBEDDING_DIMENSIONS } from '../db/schema';
import { createTestChatbot, createTestSource } from '../tests/factories/chatbots';
import { offlineEmbedder, type Embedder } from '../server/services/knowledge/embedder';
import { evaluateRetrieval } from '../server/services/knowledge/evaluation';
import { exactRetrieve, exactRows, questionVector, retrieve } from '../server/services/knowledge/retrieval';
import { median, migratedTemplate, once, openFreshDatabase, percentile, round, startTimer } from './lib';
import type { Benchmark, Result } from './types';

/** Deterministic PRNG (mulberry32), so every run searches the same corpus. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const int = (n: number) => Math.floor(next() * n);
  return { next, gaussian, int };
}

/**
 * Synthetic embeddings shaped like real ones. Text embeddings are not
 * spread uniformly over the 768-d sphere: they lie near a low-dimensional
 * manifold (intrinsic dimension of a few dozen) and bunch into topics. In
 * uniform random 768-d data every point is almost equally far from every
 * other, so "nearest" means little and no index does well on it; that
 * would measure a corpus nobody has. So: TOPICS centres in a LATENT-d
 * space, each chunk a centre plus a spread, lifted to 768-d by one fixed
 * random projection, plus a little full-dimensional noise, normalised.
 * Queries are drawn the same way (new points, not copies of chunks).
 */
const LATENT = 48;
const TOPICS = 400;
const SPREAD = 0.7;
const NOISE = 0.15;

function vectorSpace(seed: number) {
  const rng = random(seed);
  const projection = new Float64Array(EMBEDDING_DIMENSIONS * LATENT).map(() => rng.gaussian() / Math.sqrt(LATENT));
  const centres = Array.from({ length: TOPICS }, () => Float64Array.from({ length: LATENT }, () => rng.gaussian()));
  const z = new Float64Array(LATENT);
  // Uniform noise of the same variance as a Gaussian's: 768 logs and cosines per vector made generation the slow part.
  const noise = NOISE * Math.sqrt(3) * 2;
  const draw = (topic: number) => {
    const centre = centres[topic]!;
    for (let i = 0; i < LATENT; i++) z[i] = centre[i]! + SPREAD * rng.gaussian();
    const v = new Array<number>(EMBEDDING_DIMENSIONS);
    let norm = 0;
    for (let d = 0; d < EMBEDDING_DIMENSIONS; d++) {
      let x = noise * (rng.next() - 0.5);
      for (let i = 0, o = d * LATENT; i < LATENT; i++) x += projection[o + i]! * z[i]!;
      v[d] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (let d = 0; d < EMBEDDING_DIMENSIONS; d++) v[d] = v[d]! / norm;
    return v;
  };
  return { draw, rng };
}

/**
 * Words for the full-text side: each topic owns a handful of keywords that
 * its chunks use among common filler, so a question's words match the
 * chunks of its topic (a few hundred at 100k), as a real question matches
 * its subject's passages.
 */
const SYLLABLES = 'ka lo mi nu pe ra so ti va zu be do fi gu ha je ko lu ma ne'.split(' ');
const word = (n: number) => {
  let text = '';
  for (let x = n + SYLLABLES.length; x > 0; x = Math.floor(x / SYLLABLES.length))
    text += SYLLABLES[x % SYLLABLES.length];
  return text;
};
const topicWords = (topic: number) => Array.from({ length: 8 }, (_, i) => word(1000 + topic * 8 + i));
const FILLER = Array.from({ length: 400 }, (_, i) => word(i));

/**
 * Rows in COPY's binary format. Text COPY spent ~1.7 ms per row parsing the
 * 768 numbers of each vector in WASM (100k rows: ~3 minutes); binary takes
 * `vector_recv`'s layout (int16 dimensions, int16 unused, float4s) as is,
 * about 16 times faster.
 */
const binaryCopy = {
  header: Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]),
  trailer: Buffer.from([0xff, 0xff]),
  row(fields: Buffer[]) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(fields.length);
    return Buffer.concat([
      count,
      ...fields.flatMap((field) => {
        const length = Buffer.alloc(4);
        length.writeInt32BE(field.length);
        return [length, field];
      }),
    ]);
  },
  uuid: (value: string) => Buffer.from(value.replaceAll('-', ''), 'hex'),
  int4(value: number) {
    const buffer = Buffer.alloc(4);
    buffer.writeInt32BE(value);
    return buffer;
  },
  text: (value: string) => Buffer.from(value, 'utf8'),
  vector(values: number[]) {
    const buffer = Buffer.alloc(4 + 4 * values.length);
    buffer.writeInt16BE(values.length, 0);
    values.forEach((x, i) => buffer.writeFloatBE(x, 4 + 4 * i));
    return buffer;
  },
};

type Query = { text: string; vector: number[] };

type Loaded = {
  database: Database;
  chatbotId: string;
  queries: Query[];
  loadMs: number;
  ginMs: number;
  hnswMs: number;
};

/** Rows per COPY: bounds the CSV held in memory (a 768-d vector is ~7 KB of text). */
const COPY_BATCH = 5000;
/** Chunks that belong to another chatbot (10%): the chatbot filter must do real work. */
const OTHER_SHARE = 0.1;
/** In-memory HNSW build: at 100k × 768-d the graph is ~350 MB; past maintenance_work_mem the build slows to a crawl. */
const MAINTENANCE_WORK_MEM = '1GB';

/**
 * One chatbot holds 90% of the chunks and is the one queried; a second
 * chatbot (another workspace) holds the rest. One big chatbot is the
 * case that needs the index (a small one is scanned exactly in
 * milliseconds through the chatbot_id btree), and the neighbour's rows
 * make the chatbot filter, and pgvector's iterative scan, do real work.
 *
 * Bulk load the way a restore or a large import would: the vector and
 * full-text indexes are dropped, rows COPYed in batches, then the indexes
 * built once (each timed), exactly as the migration defines them.
 */
async function load(size: number, queryCount: number): Promise<Loaded> {
  const { dump } = await migratedTemplate();
  const pg = new PGlite({ loadDataDir: dump, ...pgliteOptions });
  await pg.waitReady;
  const database = fromPGlite(pg);
  const space = vectorSpace(size);
  const { rng } = space;

  const target = await createTestChatbot(database.db, { name: 'Big' });
  const other = await createTestChatbot(database.db, { name: 'Neighbour' });
  // A source per ~100 chunks, as documents of a few pages would give.
  const sources = await Promise.all(
    Array.from({ length: Math.ceil(size / 100) }, async (_, i) => {
      const chatbot = i % Math.round(1 / OTHER_SHARE) === 0 ? other : target;
      const source = await createTestSource(database.db, { chatbot, title: `Document ${i}` });
      return { id: source.id, chatbot };
    }),
  );

  const indexes = await database.rows<{ indexname: string; indexdef: string }>(
    sql`select indexname, indexdef from pg_indexes
        where tablename = 'knowledge_chunks' and indexname in ('knowledge_chunks_embedding_idx', 'knowledge_chunks_search_idx')`,
  );
  const definition = (name: string) => {
    const found = indexes.find((index) => index.indexname === name);
    if (!found) throw new Error(`The migration no longer creates ${name}; update this benchmark.`);
    return found.indexdef;
  };
  const hnswDefinition = definition('knowledge_chunks_embedding_idx');
  const ginDefinition = definition('knowledge_chunks_search_idx');
  await pg.exec('drop index knowledge_chunks_embedding_idx; drop index knowledge_chunks_search_idx;');

  const loadTimer = startTimer();
  for (let start = 0; start < size; start += COPY_BATCH) {
    const rows: Buffer[] = [binaryCopy.header];
    for (let i = start; i < Math.min(size, start + COPY_BATCH); i++) {
      const source = sources[Math.floor(i / 100)]!;
      const topic = rng.int(TOPICS);
      const keywords = topicWords(topic);
      const words = Array.from({ length: 60 }, (_, j) =>
        j % 5 === 0 ? keywords[rng.int(keywords.length)]! : FILLER[rng.int(FILLER.length)]!,
      );
      rows.push(
        binaryCopy.row([
          binaryCopy.uuid(source.chatbot.workspaceId),
          binaryCopy.uuid(source.chatbot.id),
          binaryCopy.uuid(source.id),
          binaryCopy.int4(i),
          binaryCopy.text(`Topic ${topic}`),
          binaryCopy.text(`${words.join(' ')}.`),
          binaryCopy.text(`h${i}`),
          binaryCopy.int4(80),
          binaryCopy.vector(space.draw(topic)),
          binaryCopy.text('bench-synthetic'),
        ]),
      );
    }
    rows.push(binaryCopy.trailer);
    await pg.query(
      `copy knowledge_chunks (workspace_id, chatbot_id, source_id, ordinal, heading_path, content, content_hash,
         token_count, embedding, embedding_model) from '/dev/blob' with (format binary)`,
      [],
      { blob: new Blob([Buffer.concat(rows)]) },
    );
  }
  const loadMs = loadTimer();

  const ginTimer = startTimer();
  await pg.exec(ginDefinition);
  const ginMs = ginTimer();
  const hnswTimer = startTimer();
  await pg.exec(`set maintenance_work_mem = '${MAINTENANCE_WORK_MEM}'; ${hnswDefinition}; reset maintenance_work_mem;`);
  const hnswMs = hnswTimer();
  await pg.exec('analyze knowledge_chunks');

  const queries = Array.from({ length: queryCount }, () => {
    const topic = rng.int(TOPICS);
    const keywords = topicWords(topic);
    return {
      text: `how do I ${keywords[rng.int(8)]} ${keywords[rng.int(8)]} ${FILLER[rng.int(FILLER.length)]}`,
      vector: space.draw(topic),
    };
  });
  return { database, chatbotId: target.id, queries, loadMs, ginMs, hnswMs };
}

/** Hands `retrieve` the question's precomputed vector, as a real embedder would compute one. */
const lookupEmbedder = (queries: Query[]): Embedder => {
  const byText = new Map(queries.map((query) => [query.text, query.vector]));
  return {
    model: 'bench-synthetic',
    dimensions: EMBEDDING_DIMENSIONS,
    embed: async (texts) => texts.map((text) => byText.get(text)!),
  };
};

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
