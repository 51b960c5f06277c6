import { and, desc, eq, gte, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditLog, type TAuditEntry } from '../../db/schema';

/** Who acted: a signed-in user, a workspace's API key, a widget visitor (about themselves), or Parley itself. */
export type TAuditActor =
  | { kind: 'user'; id: string; email: string }
  | { kind: 'api_key'; id: string; name: string }
  | { kind: 'visitor' }
  | { kind: 'system' };

export type TAuditRecord = {
  actor: TAuditActor;
  action: string;
  workspaceId?: string | null;
  target?: { type: string; id: string; label?: string | null } | null;
  ip?: string | null;
  details?: Record<string, unknown>;
};

const actorColumns = (actor: TAuditActor) => {
  if (actor.kind === 'user') return { actorUserId: actor.id, actorKeyId: null, actorLabel: actor.email };
  if (actor.kind === 'api_key') return { actorUserId: null, actorKeyId: actor.id, actorLabel: `API key ${actor.name}` };
  // A visitor is never named: the entry outlives their erasure.
  if (actor.kind === 'visitor') return { actorUserId: null, actorKeyId: null, actorLabel: 'a visitor' };
  return { actorUserId: null, actorKeyId: null, actorLabel: 'system' };
};

/**
 * Writes one entry. Pass the transaction that made the change, so the entry
 * exists exactly when the change does.
 */
export async function recordAudit(db: Db, entry: TAuditRecord) {
  await db.insert(auditLog).values({
    ...actorColumns(entry.actor),
    action: entry.action,
    workspaceId: entry.workspaceId ?? null,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    targetLabel: entry.target?.label ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  });
}

/** A workspace member's action on their workspace (role changes, removals, invitations, deletions, exports). */
export const recordMemberAudit = (
  db: Db,
  ctx: { user: { id: string; email: string }; workspace: { id: string }; ip?: string | null },
  entry: Omit<TAuditRecord, 'actor' | 'workspaceId' | 'ip'>,
) =>
  recordAudit(db, {
    ...entry,
    actor: { kind: 'user', id: ctx.user.id, email: ctx.user.email },
    workspaceId: ctx.workspace.id,
    ip: ctx.ip ?? null,
  });

export type TAuditQuery = {
  /** Only this workspace's entries; omit for the whole installation (platform admins). */
  workspaceId?: string;
  /** Matches the action, the actor's label or the target's label or id. */
  search?: string;
  since?: Date;
  /** Entries strictly older than this (the previous page's last `at`), newest first. */
  before?: Date;
  limit?: number;
};

const likeEscaped = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listAudit(db: Db, query: TAuditQuery): Promise<TAuditEntry[]> {
  const where: (SQL | undefined)[] = [];
  if (query.workspaceId) where.push(eq(auditLog.workspaceId, query.workspaceId));
  if (query.since) where.push(gte(auditLog.at, query.since));
  if (query.before) where.push(lt(auditLog.at, query.before));
  if (query.search?.trim()) {
    const pattern = likeEscaped(query.search.trim());
    where.push(
      or(
        ilike(auditLog.action, pattern),
        ilike(auditLog.actorLabel, pattern),
        ilike(auditLog.targetLabel, pattern),
        ilike(auditLog.targetId, pattern),
      ),
    );
  }
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(Math.min(query.limit ?? 50, 500));
}
