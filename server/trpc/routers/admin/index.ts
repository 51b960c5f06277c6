import { z } from 'zod';
import { exportAuditCsv } from '../../../services/admin/audit-export';
import { actOnFailedJobs, jobsOverview } from '../../../services/admin/jobs';
import { endNotice, publishNotice, recentNotices } from '../../../services/admin/notices';
import { systemOverview } from '../../../services/admin/system';
import { listAudit } from '../../../services/audit';
import { adminProcedure, router } from '../../procedures';
import { adminUsersRouter, adminWorkspacesRouter } from './people';

const ZJobs = z.object({
  jobs: z
    .array(z.object({ queue: z.string().min(1).max(100), id: z.uuid({ error: 'admin:validation.chooseJob' }) }))
    .min(1, 'admin:validation.jobsMin')
    .max(500, 'admin:validation.jobsMax'),
});

const ZAuditQuery = z.object({
  search: z.string().trim().max(200, 'admin:validation.searchTooLong').optional(),
  workspaceId: z.uuid().optional(),
  since: z.date().optional(),
  before: z.date().optional(),
});

/** The platform admin panel (`/admin`): every procedure is an adminProcedure (tagged `scope: 'admin'`). */
export const adminRouter = router({
  users: adminUsersRouter,
  workspaces: adminWorkspacesRouter,
  system: adminProcedure.query(({ ctx }) => systemOverview(ctx)),
  jobs: router({
    list: adminProcedure
      .input(z.object({ queue: z.string().max(100).optional(), limit: z.number().int().min(1).max(200).default(50) }))
      .query(({ ctx, input }) => jobsOverview(ctx, input)),
    retry: adminProcedure
      .input(ZJobs)
      .mutation(({ ctx, input }) => actOnFailedJobs(ctx, { ...input, action: 'retry' })),
    drop: adminProcedure.input(ZJobs).mutation(({ ctx, input }) => actOnFailedJobs(ctx, { ...input, action: 'drop' })),
  }),
  notices: router({
    list: adminProcedure.query(({ ctx }) => recentNotices(ctx)),
    publish: adminProcedure
      .input(
        z.object({
          level: z.enum(['info', 'warning'], { error: 'admin:validation.chooseLevel' }),
          message: z
            .string({ error: 'admin:validation.noticeMissing' })
            .trim()
            .min(3, 'admin:validation.noticeMissing')
            .max(300, 'admin:validation.noticeTooLong'),
          endsAt: z.date({ error: 'admin:validation.chooseEnd' }),
        }),
      )
      .mutation(({ ctx, input }) => publishNotice(ctx, input)),
    end: adminProcedure
      .input(z.object({ noticeId: z.uuid({ error: 'admin:validation.chooseNotice' }) }))
      .mutation(({ ctx, input }) => endNotice(ctx, input)),
  }),
  audit: router({
    list: adminProcedure
      .input(ZAuditQuery.extend({ limit: z.number().int().min(1).max(200).default(50) }))
      .query(({ ctx, input }) => listAudit(ctx.db, input)),
    exportCsv: adminProcedure.input(ZAuditQuery).mutation(({ ctx, input }) => exportAuditCsv(ctx, input)),
  }),
});
