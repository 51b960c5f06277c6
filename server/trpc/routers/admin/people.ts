import { z } from 'zod';
import { setPlatformAdmin } from '../../../services/admin/admins';
import {
  restoreUser,
  searchUsers,
  sendPasswordResetLink,
  suspendUser,
  userDetail,
} from '../../../services/admin/users';
import {
  searchWorkspaces,
  setWorkspaceLimits,
  setWorkspaceSuspension,
  workspaceDetail,
} from '../../../services/admin/workspaces';
import { adminProcedure, router } from '../../procedures';

export const ZPage = z.object({
  search: z.string().trim().max(200, 'admin:validation.searchTooLong').optional(),
  limit: z.number().int().min(1).max(100).default(25),
  offset: z.number().int().min(0).default(0),
});
const ZUserId = z.object({ userId: z.uuid({ error: 'admin:validation.chooseUser' }) });
const ZWorkspaceId = z.object({ workspaceId: z.uuid({ error: 'admin:validation.chooseWorkspace' }) });
const ZReason = z
  .string({ error: 'admin:validation.reasonMissing' })
  .trim()
  .min(3, 'admin:validation.reasonMissing')
  .max(300, 'admin:validation.reasonTooLong');

export const adminUsersRouter = router({
  search: adminProcedure.input(ZPage).query(({ ctx, input }) => searchUsers(ctx, input)),
  get: adminProcedure.input(ZUserId).query(({ ctx, input }) => userDetail(ctx, input)),
  suspend: adminProcedure
    .input(ZUserId.extend({ reason: ZReason }))
    .mutation(({ ctx, input }) => suspendUser(ctx, input)),
  restore: adminProcedure.input(ZUserId).mutation(({ ctx, input }) => restoreUser(ctx, input)),
  setAdmin: adminProcedure
    .input(ZUserId.extend({ isAdmin: z.boolean() }))
    .mutation(({ ctx, input }) => setPlatformAdmin(ctx, input)),
  sendPasswordReset: adminProcedure.input(ZUserId).mutation(({ ctx, input }) => sendPasswordResetLink(ctx, input)),
});

/** A limit up to `max` (a billion for counters stored as integers, more for tokens and bytes). */
const ZLimit = (max = 1_000_000_000) =>
  z
    .number({ error: 'admin:validation.wholeNumber' })
    .int('admin:validation.wholeNumber')
    .min(0, 'admin:validation.limitNegative')
    .max(max, 'admin:validation.limitTooHigh')
    .optional();

export const adminWorkspacesRouter = router({
  search: adminProcedure.input(ZPage).query(({ ctx, input }) => searchWorkspaces(ctx, input)),
  get: adminProcedure.input(ZWorkspaceId).query(({ ctx, input }) => workspaceDetail(ctx, input)),
  setLimits: adminProcedure
    .input(
      ZWorkspaceId.extend({
        limits: z.object({
          monthlyMessageLimit: ZLimit(),
          monthlyTokenLimit: ZLimit(1_000_000_000_000),
          monthlyWebhookLimit: ZLimit(),
          documentLimit: ZLimit(),
          storageByteLimit: ZLimit(1_000_000_000_000_000),
        }),
      }),
    )
    .mutation(({ ctx, input }) => setWorkspaceLimits(ctx, input)),
  suspend: adminProcedure
    .input(ZWorkspaceId.extend({ reason: ZReason }))
    .mutation(({ ctx, input }) => setWorkspaceSuspension(ctx, { ...input, suspend: true })),
  restore: adminProcedure
    .input(ZWorkspaceId)
    .mutation(({ ctx, input }) => setWorkspaceSuspension(ctx, { ...input, suspend: false })),
});
