import { stringify } from 'csv-stringify/sync';
import { listAudit, type TAuditQuery } from '../audit';
import { auditAdmin, type TAdminContext } from './context';

const EXPORT_LIMIT = 500;

/**
 * The audit log as CSV (newest first), as a spreadsheet opens it. Cells that
 * start like a formula are prefixed with a quote so a spreadsheet never runs
 * what an attacker typed as a name.
 */
export async function exportAuditCsv(ctx: TAdminContext, query: Omit<TAuditQuery, 'limit'>) {
  const rows = [];
  let before = query.before;
  // Pages of listAudit until the set is read (capped, so one export cannot hold the server).
  for (let page = 0; page < 40; page += 1) {
    const entries = await listAudit(ctx.db, { ...query, before, limit: EXPORT_LIMIT });
    rows.push(...entries);
    if (entries.length < EXPORT_LIMIT) break;
    before = entries.at(-1)!.at;
  }
  // Who took a copy of the trail is part of the trail.
  await ctx.db.transaction((tx) =>
    auditAdmin(ctx, tx, {
      action: 'admin.audit_exported',
      details: { rows: rows.length, search: query.search ?? null },
    }),
  );
  const safe = (value: string | null) => (value && /^[=+\-@\t\r]/.test(value) ? `'${value}` : (value ?? ''));
  return stringify(
    rows.map((row) => [
      row.at.toISOString(),
      safe(row.actorLabel),
      row.action,
      row.workspaceId ?? '',
      row.targetType ?? '',
      safe(row.targetId),
      safe(row.targetLabel),
      row.ip ?? '',
      JSON.stringify(row.details),
    ]),
    {
      header: true,
      columns: ['time', 'actor', 'action', 'workspace', 'target_type', 'target_id', 'target', 'ip', 'details'],
    },
  );
}
