import { and, asc, count, gt, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { knowledgeChunks, knowledgeGaps } from '../../../db/schema';
import type { JobQueue } from '../../jobs/queue';
import type { Logger } from '../../logger';
import { embeddingText } from './chunking';
import type { EmbedKind, Embedder } from './embedder';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Re-embeds chunks and gaps whose embedding came from another model than the current embedder's. */
    'knowledge.reembed': Record<string, never>;
  }
}

export type ReembedDeps = {
  db: Db;
  embedder: Embedder;
  log?: Logger;
  /** Rows per UPDATE (and per embed call): a few hundred keeps each statement small and each commit quick. */
  batchSize?: number;
  /** Stop starting new batches after this moment (ms since epoch); the job queues a follow-up to go on. */
  deadline?: number;
};

export type ReembedResult = { chunks: number; gaps: number; isDone: boolean };

/** One kind of row with an embedding: where it lives, and the text that was embedded. */
type Target = {
  name: 'chunks' | 'gaps';
  kind: EmbedKind;
  stale: (model: string) => SQL | undefined;
  count: (db: Db, model: string) => Promise<number>;
  /** The next batch after `afterKey`, in key order. */
  next: (db: Db, model: string, afterKey: string, limit: number) => Promise<{ key: string; text: string }[]>;
  /** One UPDATE for the batch; rows changed meanwhile by someone else (re-ingested, already done) are skipped. */
  update: (model: string, rows: { key: string; vector: number[] }[]) => SQL;
};

const vectorLiteral = (vector: number[]) => `[${vector.join(',')}]`;

const chunks: Target = {
  name: 'chunks',
  kind: 'document',
  stale: (model) => ne(knowledgeChunks.embeddingModel, model),
  count: async (db, model) =>
    (await db.select({ n: count() }).from(knowledgeChunks).where(ne(knowledgeChunks.embeddingModel, model)))[0]!.n,
  next: async (db, model, afterKey, limit) => {
    const rows = await db
      .select({ id: knowledgeChunks.id, headingPath: knowledgeChunks.headingPath, content: knowledgeChunks.content })
      .from(knowledgeChunks)
      .where(and(ne(knowledgeChunks.embeddingModel, model), gt(knowledgeChunks.id, Number(afterKey))))
      .orderBy(asc(knowledgeChunks.id))
      .limit(limit);
    // The same text ingestion embeds, so a re-embedded chunk matches a freshly ingested one exactly.
    return rows.map((row) => ({ key: String(row.id), text: embeddingText(row) }));
  },
  update: (model, rows) => sql`
    update knowledge_chunks c set embedding = v.embedding::vector, embedding_model = ${model}
    from (values ${sql.join(
      rows.map((row) => sql`(${row.key}::bigint, ${vectorLiteral(row.vector)})`),
      sql`, `,
    )}) as v(id, embedding)
    where c.id = v.id and c.embedding_model <> ${model}`,
};

const gaps: Target = {
  name: 'gaps',
  // Gaps are compared with questions, so they are embedded as questions (as recordGap does).
  kind: 'query',
  stale: (model) => ne(knowledgeGaps.embeddingModel, model),
  count: async (db, model) =>
    (await db.select({ n: count() }).from(knowledgeGaps).where(ne(knowledgeGaps.embeddingModel, model)))[0]!.n,
  next: async (db, model, afterKey, limit) => {
    const rows = await db
      .select({ id: knowledgeGaps.id, question: knowledgeGaps.question })
      .from(knowledgeGaps)
      .where(and(ne(knowledgeGaps.embeddingModel, model), gt(knowledgeGaps.id, afterKey)))
      .orderBy(asc(knowledgeGaps.id))
      .limit(limit);
    return rows.map((row) => ({ key: row.id, text: row.question }));
  },
  update: (model, rows) => sql`
    update knowledge_gaps g set embedding = v.embedding::vector, embedding_model = ${model}
    from (values ${sql.join(
      rows.map((row) => sql`(${row.key}::uuid, ${vectorLiteral(row.vector)})`),
      sql`, `,
    )}) as v(id, embedding)
    where g.id = v.id and g.embedding_model <> ${model}`,
};

/** Lower than any uuid or positive id, so the first batch starts at the beginning. */
const START: Record<Target['name'], string> = { chunks: '0', gaps: '00000000-0000-0000-0000-000000000000' };

/**
 * Brings every chunk and gap embedded by another model over to the current
 * embedder's, in place and in batches (each UPDATE commits on its own, so the
 * work survives a restart and the job resumes where it stopped). Until a
 * chunk is done, retrieval leaves it out of the vector side (its vector is
 * not comparable) and still finds it by full text. Rows are walked in key
 * order, so one that keeps being skipped (re-ingested meanwhile) cannot loop.
 */
export async function reembedKnowledge(deps: ReembedDeps): Promise<ReembedResult> {
  const model = deps.embedder.model;
  const batchSize = deps.batchSize ?? 256;
  const done = { chunks: 0, gaps: 0 };

  for (const target of [chunks, gaps]) {
    const total = await target.count(deps.db, model);
    if (total === 0) continue;
    deps.log?.info({ model, total, rows: target.name }, `re-embedding ${total} ${target.name} with ${model}`);
    let afterKey = START[target.name];
    while (true) {
      if (deps.deadline !== undefined && Date.now() > deps.deadline) return { ...done, isDone: false };
      const batch = await target.next(deps.db, model, afterKey, batchSize);
      if (batch.length === 0) break;
      const vectors = await deps.embedder.embed(
        batch.map((row) => row.text),
        { kind: target.kind },
      );
      await deps.db.execute(
        target.update(
          model,
          batch.map((row, i) => ({ key: row.key, vector: vectors[i]! })),
        ),
      );
      afterKey = batch.at(-1)!.key;
      done[target.name] += batch.length;
      deps.log?.info(
        { model, rows: target.name, done: done[target.name], total },
        `re-embedded ${done[target.name]} of ${total} ${target.name}`,
      );
    }
  }
  return { ...done, isDone: true };
}

/** Whether anything is embedded by another model than `model` (cheap: stops at the first row). */
export async function hasStaleEmbeddings(db: Db, model: string) {
  for (const [table, stale] of [
    [knowledgeChunks, chunks.stale(model)],
    [knowledgeGaps, gaps.stale(model)],
  ] as const) {
    const [row] = await db
      .select({ one: sql<number>`1` })
      .from(table)
      .where(stale)
      .limit(1);
    if (row) return true;
  }
  return false;
}

/**
 * Queues the re-embedding at start-up when the model changed. At most one
 * waits at a time: pg-boss's default queue policy ignores a bare singleton
 * key, so the queue's depth (waiting and retrying jobs) is checked instead,
 * before this process starts working the queue; restarts add nothing while
 * one waits. Two running at once (another process's run beside a new one)
 * would only repeat some work: every UPDATE skips rows already on the
 * current model.
 */
export async function queueReembedIfNeeded(deps: { db: Db; jobs: Pick<JobQueue, 'send' | 'depth'>; model: string }) {
  if (!(await hasStaleEmbeddings(deps.db, deps.model))) return false;
  if ((await deps.jobs.depth('knowledge.reembed')) > 0) return false;
  await deps.jobs.send('knowledge.reembed', {});
  return true;
}

/** How long one job runs before handing over to a follow-up, well inside the queue's expiry. */
export const REEMBED_SLICE_MS = 5 * 60_000;

/** The `knowledge.reembed` job: a slice of the work, then a follow-up job if any remains. */
export async function runReembedJob(deps: ReembedDeps & { jobs: Pick<JobQueue, 'send'> }) {
  const result = await reembedKnowledge({ ...deps, deadline: deps.deadline ?? Date.now() + REEMBED_SLICE_MS });
  if (!result.isDone) await deps.jobs.send('knowledge.reembed', {});
  deps.log?.info(result, result.isDone ? 'embeddings are up to date' : 're-embedding continues in a follow-up job');
  return result;
}
