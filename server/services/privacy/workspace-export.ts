import { and, desc, eq, or } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dataExports, workspaces } from '../../../db/schema';
import { recordMemberAudit } from '../audit';
import type { TMemberCtx } from '../workspaces/workspaces';
import {
  checkExportAllowance,
  EXPORT_LIFETIME_MS,
  EXPORTS_PER_DAY,
  exportView,
  findReadyExport,
} from './account-export';
import { workspaceArchive } from './workspace-archive';

export type TWorkspaceExportCtx = TMemberCtx & {
  jobs: { send: (name: 'privacy.export', data: { exportId: string }) => Promise<unknown> };
};

const ofWorkspace = (workspaceId: string) =>
  and(eq(dataExports.workspaceId, workspaceId), eq(dataExports.kind, 'workspace'));

/** "Export this workspace": queues the ZIP; the settings page shows its progress and link. */
export async function requestWorkspaceExport(ctx: TWorkspaceExportCtx) {
  const row = await ctx.db.transaction(async (tx) => {
    // The workspace row lock serialises two clicks.
    await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id)).for('update');
    await checkExportAllowance(tx, ofWorkspace(ctx.workspace.id), {
      busy: 'settings:errors.workspaceExportBusy',
      tooMany: { key: 'settings:errors.workspaceExportTooMany', values: { maximum: EXPORTS_PER_DAY } },
    });
    const [created] = await tx
      .insert(dataExports)
      .values({ kind: 'workspace', userId: ctx.user.id, workspaceId: ctx.workspace.id })
      .returning();
    // A copy of everything leaving the installation is worth a line in the trail.
    await recordMemberAudit(tx, ctx, {
      action: 'workspace.exported',
      target: { type: 'workspace', id: ctx.workspace.id, label: null },
      details: { exportId: created!.id },
    });
    return created!;
  });
  await ctx.jobs.send('privacy.export', { exportId: row.id });
  return exportView(row);
}

/** The workspace's archives, newest first (expired ones are gone). */
export async function listWorkspaceExports(ctx: TMemberCtx) {
  const rows = await ctx.db
    .select()
    .from(dataExports)
    .where(ofWorkspace(ctx.workspace.id))
    .orderBy(desc(dataExports.createdAt))
    .limit(10);
  return rows.map(exportView);
}

/** One ready ZIP, for the workspace's admins and owners while it has not expired. */
export async function downloadWorkspaceExport(ctx: TMemberCtx, input: { exportId: string }) {
  const file = await findReadyExport(
    ctx.db,
    input.exportId,
    ofWorkspace(ctx.workspace.id),
    'settings:errors.workspaceExportGone',
  );
  return { fileName: file.fileName, contentType: file.contentType, base64: file.content };
}

const setProgress = (db: Db, exportId: string) => async (progress: number) => {
  await db.update(dataExports).set({ progress }).where(eq(dataExports.id, exportId));
};

/** The job: builds the ZIP and keeps it for a week; a failure is shown on the settings page. */
export async function runWorkspaceExport(deps: { db: Db }, exportId: string) {
  const [row] = await deps.db
    .update(dataExports)
    .set({ status: 'running', progress: 10 })
    .where(and(eq(dataExports.id, exportId), or(eq(dataExports.status, 'queued'), eq(dataExports.status, 'running'))))
    .returning();
  if (!row?.workspaceId) return;
  try {
    const archive = await workspaceArchive(deps.db, row.workspaceId, setProgress(deps.db, exportId));
    if (!archive) return;
    const content = Buffer.from(archive.zip).toString('base64');
    await deps.db
      .update(dataExports)
      .set({
        status: 'ready',
        progress: 100,
        content,
        size: archive.zip.byteLength,
        fileName: `parley-workspace-${new Date().toISOString().slice(0, 10)}.zip`,
        contentType: 'application/zip',
        readyAt: new Date(),
        expiresAt: new Date(Date.now() + EXPORT_LIFETIME_MS),
      })
      .where(eq(dataExports.id, exportId));
  } catch (error) {
    await deps.db
      .update(dataExports)
      .set({ status: 'failed', error: 'The export could not be prepared. Ask for a new one.' })
      .where(eq(dataExports.id, exportId));
    throw error;
  }
}
