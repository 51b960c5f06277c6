import { and, desc, eq, gt, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import {
  auditLog,
  dataExports,
  mails,
  memberships,
  oauthAccounts,
  sessions,
  users,
  workspaces,
} from '../../../db/schema';
import { AppError } from '../../errors';
import type { TMessage } from '../../../shared/i18n/server';
import { appUrl, type TEnv } from '../../env';
import { afterCommit } from '../../jobs/after-commit';
import type { JobQueue } from '../../jobs/queue';
import { queueMail } from '../mail/send';
import { MAIL_TIME, type TMailDraft } from '../mail/templates';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** Prepares one archive: "Download my data" (mailed) or a workspace's ZIP. */
    'privacy.export': { exportId: string };
    /** Deletes archives past their expiry. */
    'privacy.expire': Record<string, never>;
  }
}

/** How long an archive can be downloaded. */
export const EXPORT_LIFETIME_MS = 7 * 86_400_000;
/** One archive in preparation at a time per person, and a few a day: each copies everything. */
export const EXPORTS_PER_DAY = 5;

export type TExportCtx = { db: Db; jobs: JobQueue; user: { id: string; email: string } };

/** How an archive is shown on a settings page; a workspace's ZIP has its own download route. */
export const exportView = (row: typeof dataExports.$inferSelect) => ({
  id: row.id,
  status: row.status,
  progress: row.progress,
  fileName: row.fileName,
  size: row.size,
  error: row.error,
  createdAt: row.createdAt,
  readyAt: row.readyAt,
  expiresAt: row.expiresAt,
  downloadUrl:
    row.status !== 'ready' ? null : `/resources/${row.kind === 'workspace' ? 'workspace' : 'data'}-exports/${row.id}`,
});

/** Refuses a new archive while one is in preparation or the day's allowance is used (the caller holds a lock). */
export async function checkExportAllowance(
  tx: Db,
  where: SQL | undefined,
  messages: { busy: TMessage; tooMany: TMessage },
) {
  const recent = await tx
    .select({ status: dataExports.status })
    .from(dataExports)
    .where(and(where, gt(dataExports.createdAt, sql`now() - interval '1 day'`)));
  if (recent.some((r) => r.status === 'queued' || r.status === 'running'))
    throw new AppError('CONFLICT', messages.busy);
  if (recent.length >= EXPORTS_PER_DAY) throw new AppError('TOO_MANY_REQUESTS', messages.tooMany);
}

/** A ready, unexpired archive matching `where`, or NOT_FOUND with `message` (also for a malformed id). */
export async function findReadyExport(db: Db, exportId: string, where: SQL | undefined, message: TMessage) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(exportId);
  const [row] = isUuid
    ? await db
        .select()
        .from(dataExports)
        .where(and(eq(dataExports.id, exportId), where))
    : [];
  if (!row || row.status !== 'ready' || !row.content || (row.expiresAt && row.expiresAt < new Date())) {
    throw new AppError('NOT_FOUND', message);
  }
  return { fileName: row.fileName!, contentType: row.contentType!, content: row.content };
}

/** "Download my data": queues the archive; the job mails a link when it is ready. */
export async function requestAccountExport(ctx: TExportCtx) {
  const row = await ctx.db.transaction(async (tx) => {
    // One request at a time per person (the row lock serialises two clicks).
    await tx.select({ id: users.id }).from(users).where(eq(users.id, ctx.user.id)).for('update');
    await checkExportAllowance(tx, and(eq(dataExports.userId, ctx.user.id), eq(dataExports.kind, 'account')), {
      busy: 'settings:errors.accountExportBusy',
      tooMany: { key: 'settings:errors.accountExportTooMany', values: { maximum: EXPORTS_PER_DAY } },
    });
    const [created] = await tx.insert(dataExports).values({ kind: 'account', userId: ctx.user.id }).returning();
    return created!;
  });
  await ctx.jobs.send('privacy.export', { exportId: row.id });
  return exportView(row);
}

/** The person's archives, newest first, for the settings page (expired ones are gone). */
export async function listAccountExports(ctx: Pick<TExportCtx, 'db' | 'user'>) {
  const rows = await ctx.db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.userId, ctx.user.id), eq(dataExports.kind, 'account')))
    .orderBy(desc(dataExports.createdAt))
    .limit(10);
  return rows.map(exportView);
}

/** The archive's file, for its owner only, while it has not expired. */
export async function downloadAccountExport(ctx: Pick<TExportCtx, 'db' | 'user'>, input: { exportId: string }) {
  return findReadyExport(
    ctx.db,
    input.exportId,
    and(eq(dataExports.userId, ctx.user.id), eq(dataExports.kind, 'account')),
    'settings:errors.accountExportGone',
  );
}

/** Everything Parley holds about one account, as one document. */
export async function accountArchive(db: Db, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  const member = await db
    .select({
      workspaceId: workspaces.id,
      name: workspaces.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId));
  const mySessions = await db
    .select({
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId));
  const linked = await db
    .select({ provider: oauthAccounts.provider, linkedAt: oauthAccounts.createdAt })
    .from(oauthAccounts)
    .where(eq(oauthAccounts.userId, userId));
  const audit = await db
    .select({
      at: auditLog.at,
      workspaceId: auditLog.workspaceId,
      actor: auditLog.actorLabel,
      action: auditLog.action,
      targetType: auditLog.targetType,
      target: auditLog.targetLabel,
      ip: auditLog.ip,
      details: auditLog.details,
    })
    .from(auditLog)
    .where(or(eq(auditLog.actorUserId, userId), eq(auditLog.targetId, userId)))
    .orderBy(desc(auditLog.at))
    .limit(10_000);
  const sent = await db
    .select({ subject: mails.subject, status: mails.status, createdAt: mails.createdAt, sentAt: mails.sentAt })
    .from(mails)
    .where(eq(sql`lower(${mails.to})`, user.email.toLowerCase()))
    .orderBy(desc(mails.createdAt));
  return {
    format: 'parley.account-export.v1',
    exportedAt: new Date().toISOString(),
    profile: {
      id: user.id,
      name: user.name,
      email: user.email,
      emailVerifiedAt: user.emailVerifiedAt,
      createdAt: user.createdAt,
      hasPassword: user.passwordHash !== null,
    },
    preferences: user.preferences,
    memberships: member,
    sessions: mySessions,
    signInProviders: linked,
    auditEntries: audit,
    mailsSentToYou: sent,
  };
}

const readyMail = (env: TEnv, to: string, expiresAt: Date): TMailDraft => ({
  to,
  subject: 'mail:dataExport.subject',
  heading: 'mail:dataExport.heading',
  paragraphs: [
    'mail:dataExport.body',
    { key: 'mail:dataExport.until', values: { expiresAt, formatParams: { expiresAt: MAIL_TIME } } },
  ],
  action: { label: 'mail:dataExport.action', url: `${appUrl(env)}/settings#your-data` },
  footer: 'mail:dataExport.footer',
});

/** The job: builds the archive, stores it for a week, mails the link. */
export async function runAccountExport(deps: { db: Db; jobs: JobQueue; env: TEnv }, exportId: string) {
  const [row] = await deps.db
    .update(dataExports)
    .set({ status: 'running', progress: 10 })
    .where(and(eq(dataExports.id, exportId), or(eq(dataExports.status, 'queued'), eq(dataExports.status, 'running'))))
    .returning();
  if (!row) return;
  const archive = await accountArchive(deps.db, row.userId);
  if (!archive) return;
  const content = JSON.stringify(archive, null, 2);
  const expiresAt = new Date(Date.now() + EXPORT_LIFETIME_MS);
  // The mail job is sent after the commit: sent inside, it could run before its mail row exists
  // (and on PGlite it would wait for the very transaction that waits for it).
  const deferred = afterCommit(deps.jobs);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(dataExports)
      .set({
        status: 'ready',
        progress: 100,
        content,
        size: Buffer.byteLength(content),
        fileName: `parley-account-${new Date().toISOString().slice(0, 10)}.json`,
        contentType: 'application/json',
        readyAt: new Date(),
        expiresAt,
      })
      .where(eq(dataExports.id, exportId));
    await queueMail(
      { db: tx, jobs: deferred.jobs, env: deps.env },
      readyMail(deps.env, archive.profile.email, expiresAt),
    );
  });
  await deferred.flush();
}

/** The hourly clean-up: expired archives go, their content with them. */
export async function expireExports(db: Db, now = new Date()) {
  const gone = await db
    .delete(dataExports)
    .where(and(isNotNull(dataExports.expiresAt), lt(dataExports.expiresAt, now)))
    .returning({ id: dataExports.id });
  return gone.length;
}
