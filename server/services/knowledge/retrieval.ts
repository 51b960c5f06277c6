import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../../db/client';
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

/** The usual RRF constant: damps the head so one side's first place does not decide alone. */
const RRF_K = 60;

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

const hybridQuery = (input: Required<RetrieveInput>, vector: number[], model: string) => {
  // The vector is sent and cast once (the query CTE) and read through an init plan, which the
  // HNSW index accepts as its ORDER BY argument like a constant.
  // The text side ORs the question's words: websearch_to_tsquery ANDs them, and a question in
  // a visitor's words rarely has every one in a passage; ts_rank still ranks fuller matches first.
  // ts_rank, not ts_rank_cd: with common words thousands of chunks match, and cover density costs
  // about seven times as much per row (measured at 10k chunks) for no better hit rate on the evaluation set.
  // Quoted phrases keep their <-> operators.
  // The vector side orders by the bare distance expression with a LIMIT so the HNSW index is used;
  // ranks are numbered outside, since iterative scans may return neighbours slightly out of order.
  // Only chunks embedded by the question's model are compared (vectors of two models are not
  // comparable); while the re-embedding job catches up after a model change, the others are still
  // found by the full-text side.
  // Fused rows are cut to k before the passages' text is read.
  return sql`
    with question as (
      select ${questionVector(vector)}::int[]::vector as embedding,
        replace(websearch_to_tsquery('english', ${input.query})::text, ' & ', ' | ')::tsquery as words
    ),
    vector_hits as (
      select id, distance, row_number() over (order by distance, id) as rank
      from (
        select c.id, c.embedding <=> (select embedding from question) as distance
        from knowledge_chunks c
        where c.chatbot_id = ${input.chatbotId} and c.embedding_model = ${model}
        order by c.embedding <=> (select embedding from question)
        limit ${input.candidates}
      ) v
    ),
    text_hits as (
      select id, score, row_number() over (order by score desc, id) as rank
      from (
        select c.id, ts_rank(c.search, (select words from question)) as score
        from knowledge_chunks c
        where c.chatbot_id = ${input.chatbotId} and c.search @@ (select words from question)
        order by score desc, c.id
        limit ${input.candidates}
      ) t
    ),
    fused as (
      select coalesce(v.id, t.id) as id, v.distance, v.rank as vector_rank, t.score as text_score,
        t.rank as text_rank,
        coalesce(1.0 / (${RRF_K} + v.rank), 0) + coalesce(1.0 / (${RRF_K} + t.rank), 0) as rrf
      from vector_hits v
      full outer join text_hits t on t.id = v.id
      order by rrf desc, id
      limit ${input.k}
    )
    select f.id as chunk_id, c.source_id, s.title as source_title, s.url as source_url, c.heading_path,
      c.content, f.distance, f.vector_rank, f.text_score, f.text_rank, f.rrf
    from fused f
    join knowledge_chunks c on c.id = f.id
    join knowledge_sources s on s.id = c.source_id
    where c.chatbot_id = ${input.chatbotId}
    order by f.rrf desc, f.id
  `;
};

/** Settings local to one transaction, as `[name, value]`. */
export type TQuerySettings = ReadonlyArray<readonly [name: string, value: string]>;

/** Applies settings for the rest of the transaction in one statement (one round trip instead of one each). */
export const applySettings = (tx: Db, settings: TQuerySettings) =>
  tx.execute(
    sql`select ${sql.join(
      settings.map(([name, value]) => sql`set_config(${name}, ${value}, true)`),
      sql`, `,
    )}`,
  );

/**
 * pgvector ≥ 0.8: an HNSW scan keeps walking the graph until enough rows
 * pass the chatbot filter, instead of filtering its ef_search neighbours
 * after the fact (which leaves a small chatbot among big ones with few or
 * none). `relaxed_order` may return neighbours slightly out of order; the
 * query numbers ranks itself.
 */
export const HNSW_SETTINGS: TQuerySettings = [
  ['hnsw.iterative_scan', 'relaxed_order'],
  // Twice the 20 candidates retrieve takes (and as many as the benchmark's recall@10 query asks for); the
  // iterative scan walks on by itself when the filter drops some. 100 cost ~1 ms more per query at 10k
  // chunks for the same recall@10 (1.0 in the benchmark).
  ['hnsw.ef_search', '40'],
  // A 768-dimension vector lives out of line (TOAST) and the planner does not count fetching it in a
  // full scan, so around 10k chunks it picks the exact scan over the index (~10× slower). SSD-like
  // page costs (and PGlite's pages are in memory) put the index back where it belongs.
  ['random_page_cost', '1.1'],
];
/** The ground truth for benchmarks: without index scans every distance is computed. */
export const EXACT_SETTINGS: TQuerySettings = [['enable_indexscan', 'off']];

const run = async (deps: RetrievalDeps, input: RetrieveInput, mode: 'index' | 'exact') => {
  const query = input.query.trim();
  if (!query) return [];
  // 20 candidates a side (2.5 × k): each side's work grows with it (HNSW neighbours, full-text rows
  // ranked), and 40 found no more answers on the evaluation set (hit@5 0.821, MRR 0.701 either way).
  const full = { k: 8, candidates: 20, ...input, query };
  const [vector] = await deps.embedder.embed([query], { kind: 'query' });
  const rows = await deps.database.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await applySettings(tx, mode === 'index' ? HNSW_SETTINGS : EXACT_SETTINGS);
    return deps.database.rows<Row>(hybridQuery(full, vector!, deps.embedder.model), tx);
  });
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
export const retrieve = (deps: RetrievalDeps, input: RetrieveInput) => run(deps, input, 'index');

/** The same retrieval without the vector index (exact distances): the baseline benchmarks compare against. */
export const exactRetrieve = (deps: RetrievalDeps, input: RetrieveInput) => run(deps, input, 'exact');
