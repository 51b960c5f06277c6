import { bigint, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { conversations } from './conversations';
import { workspaces } from './workspaces';

/**
 * How far each team member has read each conversation: the position
 * (messages.seq) of the last message they saw. Positions follow commit
 * order, so a message written while the mark was set is never counted as
 * read by accident, as a timestamp taken at the start of its transaction
 * could be.
 */
export const conversationReads = pgTable(
  'conversation_reads',
  {
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    lastReadSeq: bigint({ mode: 'number' }).notNull().default(0),
    readAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.userId] }),
    index('conversation_reads_user_id_idx').on(t.userId, t.workspaceId),
  ],
);

/** Internal notes on a conversation: for the team only, never sent to the visitor. */
export const conversationNotes = pgTable(
  'conversation_notes',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    authorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    content: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conversation_notes_conversation_id_idx').on(t.conversationId, t.createdAt)],
);

/**
 * Notices sent about a conversation: a `notification` event (`kind`
 * 'conversation.created' or 'handoff.requested', keyed by when that
 * happened) or a hand-off e-mail ('handoff.email', keyed by when it went
 * out). Every process hears the same bus events; the primary key lets
 * exactly one of them send each notice, and the e-mails' timestamps give
 * the cooldown.
 */
export const conversationNotices = pgTable(
  'conversation_notices',
  {
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    kind: text().$type<'conversation.created' | 'handoff.requested' | 'handoff.email'>().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.kind, t.occurredAt] })],
);

export type TConversationNote = typeof conversationNotes.$inferSelect;
