import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Banners platform admins publish to every signed-in user (maintenance,
 * incidents). Stored, not only sent on `system.notice`, so a page opened
 * after publishing still shows the banner until it ends.
 */
export const systemNotices = pgTable(
  'system_notices',
  {
    id: uuid().primaryKey().defaultRandom(),
    level: text().$type<'info' | 'warning'>().notNull(),
    message: text().notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    createdById: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('system_notices_ends_at_idx').on(t.endsAt)],
);

export type TSystemNotice = typeof systemNotices.$inferSelect;
