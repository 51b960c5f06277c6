/**
 * The retrieval evaluation: help-centre documents ingested through the real
 * ingestion path, visitor-style questions with the passage that answers
 * each, and how often `retrieve` puts that passage in its top 5. The test
 * holds a floor on it; the benchmark reports it (`retrieval.hit5.offline`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../../db/client';
import { chatbots, knowledgeChunks, knowledgeSources, workspaces } from '../../../db/schema';
import { eq, count } from 'drizzle-orm';
import type { Embedder } from './embedder';
import { ingestSource } from './ingest';
import { retrieve, type TRetrievedPassage } from './retrieval';

export const EVALUATION_DIR = path.resolve(import.meta.dirname, '../../../tests/fixtures/knowledge');

// The evaluation's own fixtures, read by developers (tests, benchmarks): its checks stay English.
const ZQuestion = z.object({
  question: z.string().trim().min(3, 'Each question needs its text.'), // i18n-ignore
  /** The document's file name without `.md`. */
  source: z.string().min(1, 'Each question names the document that answers it.'), // i18n-ignore
  /** The answering chunk's heading path, exactly ("Shipping › Delivery times"). */
  heading: z.string().optional(),
  /** `lexical`: shares its key words with the passage; `semantic`: mostly worded differently. */
  kind: z.enum(['lexical', 'semantic']),
});
const ZQuestions = z.array(ZQuestion).min(1, 'The evaluation needs questions.'); // i18n-ignore
export type TEvalQuestion = z.infer<typeof ZQuestion>;

export type TQuestionResult = TEvalQuestion & {
  /** 1-based rank of the first passage from the expected source (and heading) in the top 5, or null. */
  rank: number | null;
  /** Source file and heading path of the top 5 as returned, for reading a miss. */
  top: string[];
};

export type TScores = { hitAt5: number; mrr: number };

export type TEvaluation = TScores & {
  documents: number;
  chunks: number;
  questions: TQuestionResult[];
  /** The same questions ranked by one side of the hybrid alone (its own top 5). */
  baselines: { textOnly: TScores; vectorOnly: TScores };
};

const K = 5;

/** The document's first `# ` heading, else its file name. */
const titleOf = (text: string, name: string) => /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? name;

export function loadEvaluation(dir = EVALUATION_DIR) {
  const documents = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const name = file.slice(0, -'.md'.length);
      return { name, title: titleOf(text, name), text };
    });
  const parsed = ZQuestions.safeParse(JSON.parse(fs.readFileSync(path.join(dir, 'eval/questions.json'), 'utf8')));
  if (!parsed.success) throw new Error(`eval/questions.json is invalid: ${z.prettifyError(parsed.error)}`);
  const names = new Set(documents.map((d) => d.name));
  const unknown = parsed.data.filter((q) => !names.has(q.source));
  if (unknown.length)
    throw new Error(
      `These questions name a missing document: ${unknown.map((q) => `${q.question} → ${q.source}`).join('; ')}`,
    );
  return { documents, questions: parsed.data };
}

/** A fresh workspace and chatbot, and one text source per document, ingested as the `source.ingest` job does. */
export async function ingestDocuments(
  database: Database,
  embedder: Embedder,
  documents: { name: string; title: string; text: string }[],
) {
  const { db } = database;
  const [workspace] = await db.insert(workspaces).values({ name: 'Retrieval evaluation' }).returning();
  const [chatbot] = await db
    .insert(chatbots)
    .values({
      workspaceId: workspace!.id,
      name: 'Evaluation',
      template: 'support',
      settings: {},
      publicKey: `pk_eval_${randomUUID().replaceAll('-', '')}`,
    })
    .returning();
  const sourceNames = new Map<string, string>();
  // Events go nowhere: nobody watches this chatbot.
  const bus = { publish: async () => '' };
  for (const document of documents) {
    const [source] = await db
      .insert(knowledgeSources)
      .values({
        workspaceId: workspace!.id,
        chatbotId: chatbot!.id,
        kind: 'text',
        title: document.title,
        content: document.text,
      })
      .returning();
    await ingestSource({ db, bus, embedder }, source!.id);
    sourceNames.set(source!.id, document.name);
  }
  const [chunks] = await db
    .select({ n: count() })
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.chatbotId, chatbot!.id));
  return { chatbotId: chatbot!.id, sourceNames, chunks: chunks!.n };
}

const scores = (ranks: (number | null)[]): TScores => ({
  hitAt5: ranks.filter((rank) => rank !== null).length / ranks.length,
  mrr: ranks.reduce<number>((sum, rank) => sum + (rank === null ? 0 : 1 / rank), 0) / ranks.length,
});

/**
 * Ingests every `tests/fixtures/knowledge/*.md` into a new chatbot of the
 * given database, asks each question through `retrieve` (k = 5) and scores
 * the answers. A question is answered when a top-5 passage comes from its
 * document and, if it names one, under its heading: several sections of one
 * document are not interchangeable answers.
 */
export async function evaluateRetrieval(
  deps: { database: Database; embedder: Embedder },
  dir = EVALUATION_DIR,
): Promise<TEvaluation> {
  const { documents, questions } = loadEvaluation(dir);
  const { chatbotId, sourceNames, chunks } = await ingestDocuments(deps.database, deps.embedder, documents);

  const answers = (question: TEvalQuestion) => (passage: TRetrievedPassage) =>
    sourceNames.get(passage.sourceId) === question.source &&
    (!question.heading || passage.headingPath === question.heading);
  const rankIn = (passages: TRetrievedPassage[], question: TEvalQuestion) => {
    const index = passages.slice(0, K).findIndex(answers(question));
    return index < 0 ? null : index + 1;
  };
  const sideTop = (passages: TRetrievedPassage[], side: 'vectorRank' | 'textRank') =>
    passages.filter((p) => p[side] !== null).sort((a, b) => a[side]! - b[side]!);

  const results: TQuestionResult[] = [];
  const textRanks: (number | null)[] = [];
  const vectorRanks: (number | null)[] = [];
  for (const question of questions) {
    const top = await retrieve(deps, { chatbotId, query: question.question, k: K });
    results.push({
      ...question,
      rank: rankIn(top, question),
      top: top.map((p) => `${sourceNames.get(p.sourceId)}: ${p.headingPath}`),
    });
    // With k ≥ both candidate lists together, every candidate of each side comes back with its own rank,
    // so each side's top 5 can be read off one call.
    const all = await retrieve(deps, { chatbotId, query: question.question, k: 80, candidates: 40 });
    textRanks.push(rankIn(sideTop(all, 'textRank'), question));
    vectorRanks.push(rankIn(sideTop(all, 'vectorRank'), question));
  }
  return {
    ...scores(results.map((r) => r.rank)),
    documents: documents.length,
    chunks,
    questions: results,
    baselines: { textOnly: scores(textRanks), vectorOnly: scores(vectorRanks) },
  };
}
