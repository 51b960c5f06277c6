import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { offlineEmbedder } from './embedder';
import { evaluateRetrieval, loadEvaluation, type TEvaluation } from './evaluation';

let h: TTestApp;
let database: Database;
let evaluation: TEvaluation;

beforeAll(async () => {
  h = await createTestApp();
  database = h.database;
  evaluation = await evaluateRetrieval({ database, embedder: offlineEmbedder });
  const misses = evaluation.questions.filter((q) => q.rank === null);
  // Printed so a change in the figure can be read question by question.
  console.info(
    `retrieval evaluation (offline embedder): hit@5 ${evaluation.hitAt5.toFixed(3)}, MRR ${evaluation.mrr.toFixed(3)}; ` +
      `full text alone ${evaluation.baselines.textOnly.hitAt5.toFixed(3)} (MRR ${evaluation.baselines.textOnly.mrr.toFixed(3)}), ` +
      `vector alone ${evaluation.baselines.vectorOnly.hitAt5.toFixed(3)} (MRR ${evaluation.baselines.vectorOnly.mrr.toFixed(3)})\n` +
      misses.map((q) => `  missed: ${q.question} → ${q.heading ?? q.source} (got ${q.top.join(' | ')})`).join('\n'),
  );
}, 120_000);
afterAll(() => h.close());

describe('the retrieval evaluation set', () => {
  it('has at least 40 questions over at least 5 documents, every document asked about', () => {
    const { documents, questions } = loadEvaluation();
    expect(documents.length).toBeGreaterThanOrEqual(5);
    expect(questions.length).toBeGreaterThanOrEqual(40);
    expect(new Set(questions.map((q) => q.source))).toEqual(new Set(documents.map((d) => d.name)));
    expect(questions.filter((q) => q.kind === 'semantic').length).toBeGreaterThanOrEqual(15);
  });

  it('names headings that exist: a typo would count as a miss forever', async () => {
    const headings = new Set(evaluation.questions.flatMap((q) => q.top));
    const { questions } = loadEvaluation();
    const rows = await database.rows<{ heading_path: string }>(sql`select distinct heading_path from knowledge_chunks`);
    const known = new Set(rows.map((row) => row.heading_path));
    expect(questions.filter((q) => q.heading && !known.has(q.heading)).map((q) => q.heading)).toEqual([]);
    expect(headings.size).toBeGreaterThan(0);
  });
});

describe('retrieve on the evaluation set (offline embedder)', () => {
  it('ingests every document through the real ingestion path', () => {
    expect(evaluation.documents).toBeGreaterThanOrEqual(5);
    expect(evaluation.chunks).toBeGreaterThanOrEqual(evaluation.documents);
  });

  it('puts the answering passage in the top 5 for most questions', () => {
    expect(evaluation.hitAt5).toBeGreaterThanOrEqual(HIT_AT_5_FLOOR);
    expect(evaluation.mrr).toBeGreaterThanOrEqual(MRR_FLOOR);
  });

  it('loses next to nothing by fusing: as good as the vector side, within one question of full text', () => {
    // With the offline embedder both sides are lexical, so fusion cannot beat full text by much; it may
    // lose one question to it (it does: 46 vs 47 of 56), which is the price of the vector side's paraphrase
    // matches with a semantic embedder. More than one would mean fusion is broken.
    const oneQuestion = 1 / evaluation.questions.length;
    expect(evaluation.hitAt5).toBeGreaterThanOrEqual(evaluation.baselines.textOnly.hitAt5 - oneQuestion - 1e-9);
    expect(evaluation.hitAt5).toBeGreaterThanOrEqual(evaluation.baselines.vectorOnly.hitAt5);
    // Deterministic (offline embedder, fixed documents), so a strict comparison is not flaky.
    expect(evaluation.mrr).toBeGreaterThan(evaluation.baselines.vectorOnly.mrr);
  });
});

/**
 * Measured with the offline embedder (56 questions over 10 documents, 40
 * chunks): hit@5 0.821 (46/56), MRR 0.701; full text alone (ts_rank) 0.839
 * (MRR 0.715), vector alone 0.804 (MRR 0.649). The floors leave room for three questions to
 * slip (42/56 = 0.75) so an unrelated chunking tweak does not fail the suite,
 * while a real regression (an embedder or fusion bug) does: full text alone
 * is the level anything broken on the vector side falls to, and a broken
 * text side drops far below.
 *
 * Why fusion does not find more than full text here: the offline embedder is lexical
 * (hashed words and n-grams), so it misses the same paraphrases full text
 * does ("loyalty scheme" for "reward points"), and each side's rare
 * unique find (vector rank 1 only) is outranked in RRF by passages both
 * sides rank middling. A semantic embedder (Gemini) is where the fused
 * figure should pull ahead.
 */
const HIT_AT_5_FLOOR = 0.75;
const MRR_FLOOR = 0.62;
