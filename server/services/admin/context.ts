import type { Database, Db } from '../../../db/client';
import type { TEnv } from '../../env';
import type { EventBus } from '../../events/bus';
import type { JobQueue } from '../../jobs/queue';
import { recordAudit, type TAuditRecord } from '../audit';

/** What admin services need: the database, the bus and queue, and which admin asks from where. */
export type TAdminContext = {
  db: Db;
  database: Database;
  env: TEnv;
  bus: EventBus;
  jobs: JobQueue;
  user: { id: string; email: string };
  ip: string | null;
};

/** One audit entry for an admin action, written in the transaction that made the change. */
export const auditAdmin = (ctx: TAdminContext, tx: Db, entry: Omit<TAuditRecord, 'actor' | 'ip'>) =>
  recordAudit(tx, { ...entry, actor: { kind: 'user', id: ctx.user.id, email: ctx.user.email }, ip: ctx.ip });

export const likePattern = (text: string) => `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
