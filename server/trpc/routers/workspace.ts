import { z } from 'zod';
import { getRetention, setRetention } from '../../services/retention/retention';
import {
  acceptInvitation,
  declineInvitation,
  getInvitation,
  inviteMember,
  listInvitations,
  revokeInvitation,
} from '../../services/workspaces/invitations';
import {
  changeRole,
  leaveWorkspace,
  listMembers,
  removeMember,
  transferOwnership,
} from '../../services/workspaces/members';
import { getOnboarding } from '../../services/workspaces/onboarding';
import {
  createWorkspace,
  currentWorkspace,
  deleteWorkspace,
  getWorkspace,
  getWorkspaceUsage,
  listWorkspaces,
  renameWorkspace,
  setMessageLimit,
  switchWorkspace,
} from '../../services/workspaces/workspaces';
import { protectedProcedure, publicProcedure, router, workspaceProcedure } from '../procedures';
import { ZEmail } from '../schemas';

export const ZWorkspaceName = z
  .string({ error: 'settings:validation.workspaceName' })
  .trim()
  .min(1, 'settings:validation.workspaceName')
  .max(80, 'settings:validation.nameTooLong');

/** The most a workspace can allow itself: a bound against typos (an extra zero or two), not a plan. */
export const MAX_MONTHLY_MESSAGE_LIMIT = 10_000_000;
/** Below this, a chatbot would stop answering within a day of ordinary traffic. */
export const MIN_MONTHLY_MESSAGE_LIMIT = 100;

/** Typed as in a form: "50,000", "50 000" and "50_000" mean 50000; an empty field is missing. */
export const ZMonthlyMessageLimit = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const digits = value.replace(/[\s,_']/g, '');
    return digits === '' ? undefined : Number(digits);
  },
  z
    .number({ error: 'settings:validation.limitNumber' })
    .int('settings:validation.limitWhole')
    .min(MIN_MONTHLY_MESSAGE_LIMIT, 'settings:validation.limitMin')
    .max(MAX_MONTHLY_MESSAGE_LIMIT, 'settings:validation.limitMax'),
);

export const ZRole = z.enum(['agent', 'admin', 'owner'], { error: 'settings:validation.role' });

const ZUserId = z.uuid({ error: 'settings:validation.member' });

// Tokens are 52 base32 characters; the bound only keeps junk out of the hash.
const ZInvitationToken = z.object({
  token: z
    .string({ error: 'settings:validation.invitationIncomplete' })
    .min(1, 'settings:validation.invitationIncomplete')
    .max(200),
});

export const workspaceRouter = router({
  /** Every workspace I belong to, with my role, its member count and whether it is the current one. */
  list: protectedProcedure.query(({ ctx }) => listWorkspaces(ctx)),

  /** The workspace to open: the remembered one while I'm still in it, else the first I joined; null when none. */
  /** The retention policy and its last run (owners see and change it in settings). */
  retention: workspaceProcedure('owner').query(({ ctx }) => getRetention(ctx)),

  setRetention: workspaceProcedure('owner')
    .input(
      z.object({
        days: z
          .number({ error: 'settings:validation.days' })
          .int('settings:validation.daysWhole')
          .min(7, 'settings:validation.daysMin')
          .max(3650, 'settings:validation.daysMax'),
        keepIdentified: z.boolean(),
        /** Delete the team's own test conversations after 7 days. */
        deleteTests: z.boolean(),
      }),
    )
    .mutation(({ ctx, input }) => setRetention(ctx, input)),

  current: protectedProcedure.query(({ ctx }) => currentWorkspace(ctx)),

  create: protectedProcedure
    .input(z.object({ name: ZWorkspaceName }))
    .mutation(({ ctx, input }) => createWorkspace(ctx, input)),

  get: workspaceProcedure('agent').query(({ ctx }) => getWorkspace(ctx)),

  rename: workspaceProcedure('admin')
    .input(z.object({ name: ZWorkspaceName }))
    .mutation(({ ctx, input }) => renameWorkspace(ctx, input)),

  switch: workspaceProcedure('agent').mutation(({ ctx }) => switchWorkspace(ctx)),

  /** The onboarding checklist (knowledge → playground → website → live → seen on the site), from real data. */
  onboarding: workspaceProcedure('agent').query(({ ctx }) => getOnboarding(ctx)),

  /** This month's messages, answers and tokens against the monthly message limit, with a warning level. */
  usage: workspaceProcedure('agent').query(({ ctx }) => getWorkspaceUsage(ctx)),

  /** Billing limits are the owners' (admins configure chatbots, not what the workspace may spend). */
  setMessageLimit: workspaceProcedure('owner')
    .input(z.object({ monthlyMessageLimit: ZMonthlyMessageLimit }))
    .mutation(({ ctx, input }) => setMessageLimit(ctx, input)),

  delete: workspaceProcedure('owner')
    .input(z.object({ confirmName: z.string({ error: 'settings:validation.confirmName' }).max(200) }))
    .mutation(({ ctx, input }) => deleteWorkspace(ctx, input)),

  members: workspaceProcedure('agent').query(({ ctx }) => listMembers(ctx)),

  // Admins may reach this; the service narrows what they may change.
  changeRole: workspaceProcedure('admin')
    .input(z.object({ userId: ZUserId, role: ZRole }))
    .mutation(({ ctx, input }) => changeRole(ctx, input)),

  removeMember: workspaceProcedure('admin')
    .input(z.object({ userId: ZUserId }))
    .mutation(({ ctx, input }) => removeMember(ctx, input)),

  leave: workspaceProcedure('agent').mutation(({ ctx }) => leaveWorkspace(ctx)),

  transferOwnership: workspaceProcedure('owner')
    .input(z.object({ userId: ZUserId }))
    .mutation(({ ctx, input }) => transferOwnership(ctx, input)),

  invite: workspaceProcedure('admin')
    .input(z.object({ email: ZEmail, role: ZRole }))
    .mutation(({ ctx, input }) => inviteMember(ctx, input)),

  /** Invitations not yet answered (expired ones flagged, so they can be sent again). */
  invitations: workspaceProcedure('admin').query(({ ctx }) => listInvitations(ctx)),

  revokeInvitation: workspaceProcedure('admin')
    .input(z.object({ invitationId: z.uuid({ error: 'settings:validation.invitationId' }) }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx, input)),

  /** For the page a link opens, signed in or not: who invited whom to what, and whether it can still be answered. */
  invitation: publicProcedure.input(ZInvitationToken).query(({ ctx, input }) => getInvitation(ctx, input)),

  acceptInvitation: protectedProcedure
    .input(ZInvitationToken)
    .mutation(({ ctx, input }) => acceptInvitation(ctx, input)),

  declineInvitation: protectedProcedure
    .input(ZInvitationToken)
    .mutation(({ ctx, input }) => declineInvitation(ctx, input)),
});
