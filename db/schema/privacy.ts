import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { workspaces } from './workspaces';

/**
 * A data archive prepared by the `privacy.export` job: a person's own data
 * ("Download my data", kind `account`) or a whole workspace's (kind
 * `workspace`, a ZIP). The archive is kept here, in the database that holds
 * what it copies (backups and deletion treat both alike), until it expires;
 * the hourly clean-up deletes it then. Deleting the account deletes it.
 */
export const dataExports = pgTable(
  'data_exports',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: ['account', 'workspace'] }).notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Set for a workspace archive; null for an account's own. */
    workspaceId: uuid().references(() => workspaces.id, { onDelete: 'cascade' }),
    status: text({ enum: ['queued', 'running', 'ready', 'failed'] })
      .notNull()
      .default('queued'),
    /** 0–100, for the settings page. */
    progress: integer().notNull().default(0),
    fileName: text(),
    contentType: text(),
    /** The archive itself (JSON text, or a ZIP as base64); null until ready and once expired. */
    content: text(),
    size: integer(),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readyAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('data_exports_user_idx').on(t.userId, t.createdAt), index('data_exports_expires_idx').on(t.expiresAt)],
);

export type TDataExport = typeof dataExports.$inferSelect;
