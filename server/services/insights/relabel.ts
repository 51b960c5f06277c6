import { and, asc, desc, eq, gt, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { conversations, insightRuns } from '../../../db/schema';
import { AppError } from '../../errors';
import type { JobQueue } from '../../jobs/queue';
import type { TMemberCtx } from '../workspaces/workspaces';
import { labelConversations, type TInsightsDeps } from './label';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Labels again every decided conversation of a past range, recording progress in `insight_runs`. */
    'insights.relabel': { runId: string };
  }
}

const BATCH = 100;

/** The decided visitor conversations of a workspace that started within the range (UTC days, both included). */
const inRange = (workspaceId: string, fromDay: string, toDay: string) =>
  and(
    eq(conversations.workspaceId, workspaceId),
    eq(conversations.isTest, false),
    isNotNull(conversations.outcomeAt),
    gte(conversations.createdAt, sql`${fromDay}::date::timestamp at time zone 'utc'`),
    lt(conversations.createdAt, sql`(${toDay}::date + 1)::timestamp at time zone 'utc'`),
  );

/** Starts re-labelling a range; one run at a time per workspace. */
export async function startRelabel(
  ctx: TMemberCtx & { jobs: Pick<JobQueue, 'send'> },
  input: { from: string; to: string },
) {
  if (input.from > input.to) throw new AppError('BAD_REQUEST', 'analytics:errors.relabelOrder');
  const run = await ctx.db.transaction(async (tx) => {
    const [running] = await tx
      .select({ id: insightRuns.id })
      .from(insightRuns)
      .where(and(eq(insightRuns.workspaceId, ctx.workspace.id), eq(insightRuns.status, 'running')))
      .for('update');
    if (running) throw new AppError('CONFLICT', 'analytics:errors.relabelRunning');
    const [{ total } = { total: 0 }] = await tx
      .select({ total: sql<number>`count(*)::int` })
      .from(conversations)
      .where(inRange(ctx.workspace.id, input.from, input.to));
    const [row] = await tx
      .insert(insightRuns)
      .values({
        workspaceId: ctx.workspace.id,
        fromDay: input.from,
        toDay: input.to,
        total,
        startedById: ctx.user.id,
        ...(total === 0 ? { status: 'finished', finishedAt: new Date() } : {}),
      })
      .returning();
    return row!;
  });
  if (run.status === 'running') await ctx.jobs.send('insights.relabel', { runId: run.id });
  return presentRun(run);
}

const presentRun = (run: typeof insightRuns.$inferSelect) => ({
  id: run.id,
  from: run.fromDay,
  to: run.toDay,
  total: run.total,
  done: run.done,
  status: run.status as 'running' | 'finished' | 'failed',
  createdAt: run.createdAt,
  finishedAt: run.finishedAt,
});

/** The workspace's latest run, for the Analytics page's progress bar. */
export async function latestRelabel(ctx: TMemberCtx) {
  const [run] = await ctx.db
    .select()
    .from(insightRuns)
    .where(eq(insightRuns.workspaceId, ctx.workspace.id))
    .orderBy(desc(insightRuns.createdAt))
    .limit(1);
  return run ? presentRun(run) : null;
}

/** The `insights.relabel` job: batch after batch by id, counting progress after each. */
export async function runRelabel(deps: TInsightsDeps, runId: string) {
  const [run] = await deps.db.select().from(insightRuns).where(eq(insightRuns.id, runId));
  if (!run || run.status !== 'running') return;
  let after: string | null = null;
  let done = 0;
  try {
    for (;;) {
      const batch: { id: string }[] = await deps.db
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(inRange(run.workspaceId, run.fromDay, run.toDay), after ? gt(conversations.id, after) : undefined))
        .orderBy(asc(conversations.id))
        .limit(BATCH);
      if (!batch.length) break;
      await labelConversations(
        deps,
        batch.map((row) => row.id),
      );
      done += batch.length;
      after = batch.at(-1)!.id;
      await deps.db
        .update(insightRuns)
        .set({ done: Math.min(done, run.total) })
        .where(eq(insightRuns.id, runId));
    }
    await markRun(deps.db, runId, 'finished');
  } catch (error) {
    await markRun(deps.db, runId, 'failed');
    throw error;
  }
}

const markRun = (db: Db, runId: string, status: 'finished' | 'failed') =>
  db.update(insightRuns).set({ status, finishedAt: new Date() }).where(eq(insightRuns.id, runId));
