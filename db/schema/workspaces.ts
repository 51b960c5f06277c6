import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts';

export const workspaces = pgTable('workspaces', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  /** Visitor messages a month across all chatbots; past it, chatbots take messages instead of answering. */
  monthlyMessageLimit: integer().notNull().default(50_000),
  /** Set by a platform admin: widgets answer an "unavailable" message and the team sees the reason. */
  suspendedAt: timestamp({ withTimezone: true }),
  suspensionReason: text(),
  /** Anonymous visitors (and their conversations) inactive this many days are deleted by retention. */
  retentionDays: integer().notNull().default(365),
  /** Whether visitors the host page identified (name or e-mail) are kept past retentionDays. */
  retentionKeepIdentified: boolean().notNull().default(true),
  /** Whether the team's own test conversations (playground, preview, demo page) are deleted after 7 days. */
  retentionDeleteTests: boolean().notNull().default(true),
  retentionLastRunAt: timestamp({ withTimezone: true }),
  /** `tests`: test conversations deleted by the 7-day rule (absent in runs before it existed). */
  retentionLastResult: jsonb().$type<{ visitors: number; conversations: number; messages: number; tests?: number }>(),
  // The other plan limits (server/services/usage/limits.ts reads and changes them; platform admins set them).
  /** AI tokens (in + out) a month across all providers. */
  monthlyTokenLimit: bigint({ mode: 'number' }).notNull().default(20_000_000),
  /** Knowledge sources across all chatbots. */
  documentLimit: integer().notNull().default(500),
  /** Bytes of stored knowledge (original documents and their text). */
  storageByteLimit: bigint({ mode: 'number' }).notNull().default(1_073_741_824),
  /** Webhook deliveries a month. */
  monthlyWebhookLimit: integer().notNull().default(100_000),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Ordered from least to most: agents answer, admins also configure, owners also manage members and deletion. */
export const workspaceRole = pgEnum('workspace_role', ['agent', 'admin', 'owner']);

export const memberships = pgTable(
  'memberships',
  {
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: workspaceRole().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index('memberships_user_id_idx').on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Lower-cased like users.email. */
    email: text().notNull(),
    role: workspaceRole().notNull(),
    /** SHA-256 of the link's token; the token itself is only in the e-mail. */
    tokenHash: text().notNull(),
    invitedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    declinedAt: timestamp({ withTimezone: true }),
    /**
     * The account made from this invitation's link ("Create an account"): confirming its
     * e-mail accepts the invitation, so the invitee lands in this workspace, not an empty one.
     */
    signupUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_idx').on(t.tokenHash),
    index('invitations_workspace_id_idx').on(t.workspaceId),
    index('invitations_email_idx').on(t.email),
  ],
);

export type TWorkspace = typeof workspaces.$inferSelect;
export type TMembership = typeof memberships.$inferSelect;
export type TInvitation = typeof invitations.$inferSelect;
