import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../../db/client';
import { retrievalSeconds } from '../../metrics';
import type { Embedder } from './embedder';

export type TRetrievedPassage = {
  chunkId: number;
  sourceId: string;
  sourceTitle: string;
  sourceUrl: string | null;
  headingPath: string;
  content: string;
  /** Cosine similarity (1 − distance), or null when only full-text search found it. */
  vectorScore: number | null;
  /** 1-based rank among the vector candidates, or null. */
  vectorRank: number | null;
  /** `ts_rank` of the full-text match, or null when only the vector side found it. */
  textScore: number | null;
  /** 1-based rank among the full-text candidates, or null. */
  textRank: number | null;
  /** Reciprocal-rank fusion of both ranks: what the passages are ordered by. */
  rrfScore: number;
};

export type RetrieveInput = {
  chatbotId: string;
  query: string;
  /** Passages returned. */
  k?: number;
  /** Candidates taken from each side before fusion (20). */
  candidates?: number;
};

export type RetrievalDeps = { database: Database; embedder: Embedder };

type Row = {
  chunk_id: number | string;
  source_id: string;
  source_title: string;
  source_url: string | null;
  heading_path: string;
  content: string;
  distance: number | string | null;
  vector_rank: number | string | null;
  text_score: number | string | null;
  text_rank: number | string | null;
  rrf: number | string;
};

// postgres.js returns bigint and numeric as strings, PGlite as numbers.
const num = (value: number | string | null) => (value === null ? null : Number(value));

/**
 * The question's vector as a parameter for cosine distance (`<=>`) only: an
 * `integer[]` literal cast to `vector` (`${questionVector(v)}::int[]::vector`).
 * `vector_in` parses each of the 768 numbers with `strtof`, which in PGlite's
 * WASM build costs ~1 ms a vector (a fifth of a retrieval at 10k chunks);
 * integers parse in a few microseconds. Cosine distance ignores the vector's
 * length, so it is scaled by a power of two (exact in floating point) to put
 * its largest component between 2^29 and 2^30: components down to 1/64 of the
 * largest keep float4's 24 bits, smaller ones an absolute error of at most
 * 2^-30 of it. Measured on the 10k benchmark corpus: the same passages and
 * ranks for every query, scores within 2e-7. Not for storing vectors.
 */
export const questionVector = (vector: number[]) => {
  const largest = vector.reduce((max, x) => Math.max(max, Math.abs(x)), 0);
  const scale = largest > 0 && Number.isFinite(largest) ? 2 ** (30 - Math.ceil(Math.log2(largest))) : 1;
  return `{${vector.map((x) => Math.round(x * scale)).join(',')}}`;
};

/**
 * The query itself is the `retrieve_passages` function (migration 0007), where
 * its plan is cached per session; it explains each step. Called through the
 * driver directly (`executeSql`): Drizzle's per-query type parsers cost about a
 * tenth of a retrieval on PGlite.
 */
const CALL = 'select * from retrieve_passages($1, $2, $3, $4, $5, $6)';

/** Settings local to one transaction, as `[name, value]`. */
export type TQuerySettings = ReadonlyArray<readonly [name: string, value: string]>;

/** Applies settings for the rest of the transaction in one statement (one round trip instead of one each). */
export const applySettings = async (tx: Db, settings: TQuerySettings) => {
  if (!settings.length) return;
  await tx.execute(
    sql`select ${sql.join(
      settings.map(([name, value]) => sql`set_config(${name}, ${value}, true)`),
      sql`, `,
    )}`,
  );
};

/**
 * The ground truth for benchmarks: without index scans every distance is
 * computed. (Retrieval sets nothing itself: the vector index scan's settings
 * are every session's, SESSION_SETTINGS in db/client.ts.)
 */
const EXACT_SETTINGS: TQuerySettings = [
  ['enable_indexscan', 'off'],
  // A plan cached by an earlier index-mode call would otherwise be reused as it is.
  ['plan_cache_mode', 'force_custom_plan'],
];

/** Runs a query without index scans, in a transaction of its own that holds the settings. */
export const exactRows = <T>(database: Database, query: SQL) =>
  database.db.transaction(async (tx) => {
    await applySettings(tx, EXACT_SETTINGS);
    return database.rows<T>(query, tx);
  });

const run = async (deps: RetrievalDeps, input: RetrieveInput, mode: 'index' | 'exact') => {
  const query = input.query.trim();
  if (!query) return [];
  // 20 candidates a side (2.5 × k): each side's work grows with it (HNSW neighbours, full-text rows
  // ranked), and 40 found no more answers on the evaluation set (hit@5 0.821, MRR 0.701 either way).
  const full = { k: 8, candidates: 20, ...input, query };
  const [vector] = await deps.embedder.embed([query], { kind: 'query' });
  const params = [full.chatbotId, query, questionVector(vector!), deps.embedder.model, full.k, full.candidates];
  const rows =
    mode === 'index'
      ? ((await deps.database.executeSql(CALL, params)).rows as Row[])
      : await exactRows<Row>(
          deps.database,
          sql`select * from retrieve_passages(${sql.join(
            params.map((param) => sql`${param}`),
            sql`, `,
          )})`,
        );
  return rows.map((row): TRetrievedPassage => ({
    chunkId: Number(row.chunk_id),
    sourceId: row.source_id,
    sourceTitle: row.source_title,
    sourceUrl: row.source_url,
    headingPath: row.heading_path,
    content: row.content,
    vectorScore: row.distance === null ? null : 1 - Number(row.distance),
    vectorRank: num(row.vector_rank),
    textScore: num(row.text_score),
    textRank: num(row.text_rank),
    rrfScore: Number(row.rrf),
  }));
};

/**
 * Hybrid retrieval in one query: nearest neighbours by cosine distance and
 * full-text matches, each limited to one chatbot, fused by reciprocal rank.
 * Vectors catch paraphrases, full-text catches exact names and codes the
 * embedder blurs; RRF needs no score calibration between the two.
 */
export const retrieve = async (deps: RetrievalDeps, input: RetrieveInput) => {
  const stop = retrievalSeconds.startTimer();
  try {
    return await run(deps, input, 'index');
  } finally {
    stop();
  }
};

/** The same retrieval without the vector index (exact distances): the baseline benchmarks compare against. */
export const exactRetrieve = (deps: RetrievalDeps, input: RetrieveInput) => run(deps, input, 'exact');
