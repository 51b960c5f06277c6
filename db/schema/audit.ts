import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Who did what to whom, for platform admins and workspace owners. Rows keep
 * ids and short labels, never the content acted on, and have no foreign keys:
 * an entry about a deleted account or workspace must outlive it.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid().primaryKey().defaultRandom(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The workspace the action concerned; null for installation-wide actions (admin work on users, notices). */
    workspaceId: uuid(),
    /** The signed-in user who acted; null for API keys, visitors and the system itself. */
    actorUserId: uuid(),
    /** The API key that acted, when a developer's program did it. */
    actorKeyId: uuid(),
    /** A readable name for the actor at the time (an e-mail, "API key ci-bot", "system"). */
    actorLabel: text().notNull(),
    /** Dotted verb, e.g. `member.role_changed`, `api_key.created`, `admin.user_suspended`. */
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    /** A readable name for the target at the time (an e-mail, a chatbot's name). */
    targetLabel: text(),
    ip: text(),
    /** Small facts about the change (old and new role, a reason); never content or secrets. */
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at.desc()),
    index('audit_log_workspace_at_idx').on(t.workspaceId, t.at.desc()),
    index('audit_log_actor_idx').on(t.actorUserId),
  ],
);

export type TAuditEntry = typeof auditLog.$inferSelect;
