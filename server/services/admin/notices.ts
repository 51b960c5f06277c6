import { desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { systemNotices } from '../../../db/schema';
import { AppError } from '../../errors';
import { auditAdmin, type TAdminContext } from './context';

/** Banners still showing, oldest first: every signed-in page reads these on load and hears new ones live. */
export const activeNotices = (db: Db, now = new Date()) =>
  db
    .select({
      id: systemNotices.id,
      level: systemNotices.level,
      message: systemNotices.message,
      endsAt: systemNotices.endsAt,
    })
    .from(systemNotices)
    .where(gt(systemNotices.endsAt, now))
    .orderBy(systemNotices.createdAt);

/** The recent notices for the admin panel, ended ones included. */
export const recentNotices = (ctx: TAdminContext) =>
  ctx.db.select().from(systemNotices).orderBy(desc(systemNotices.createdAt)).limit(50);

export async function publishNotice(
  ctx: TAdminContext,
  input: { level: 'info' | 'warning'; message: string; endsAt: Date },
) {
  if (input.endsAt.getTime() <= Date.now())
    throw new AppError('BAD_REQUEST', 'admin:errors.endInFuture', { endsAt: ['admin:errors.endInFuture'] });
  return ctx.db.transaction(async (tx) => {
    const [notice] = await tx
      .insert(systemNotices)
      .values({ level: input.level, message: input.message, endsAt: input.endsAt, createdById: ctx.user.id })
      .returning();
    await ctx.bus.publish(
      'system.notice',
      { level: notice!.level, message: notice!.message, noticeId: notice!.id, endsAt: notice!.endsAt },
      { tx },
    );
    await auditAdmin(ctx, tx, {
      action: 'admin.notice_published',
      target: { type: 'notice', id: notice!.id, label: input.message.slice(0, 80) },
      details: { level: input.level, endsAt: input.endsAt.toISOString() },
    });
    return notice!;
  });
}

/** Ends a banner now: pages showing it drop it when they hear the republished notice with its past end. */
export async function endNotice(ctx: TAdminContext, input: { noticeId: string }) {
  return ctx.db.transaction(async (tx) => {
    const [notice] = await tx
      .update(systemNotices)
      .set({ endsAt: new Date() })
      .where(eq(systemNotices.id, input.noticeId))
      .returning();
    if (!notice) throw new AppError('NOT_FOUND', 'admin:errors.noticeGone');
    await ctx.bus.publish(
      'system.notice',
      { level: notice.level, message: notice.message, noticeId: notice.id, endsAt: notice.endsAt },
      { tx },
    );
    await auditAdmin(ctx, tx, {
      action: 'admin.notice_ended',
      target: { type: 'notice', id: notice.id, label: notice.message.slice(0, 80) },
    });
    return { noticeId: notice.id };
  });
}
