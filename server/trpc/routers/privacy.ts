import { z } from 'zod';
import { AppError } from '../../errors';
import { deleteConversationPermanently, deleteVisitorData, exportVisitorData } from '../../services/privacy/visitors';
import { clearedSessionCookie } from '../../services/account/cookies';
import { accountDeletionPreview, deleteAccount } from '../../services/privacy/account-deletion';
import { downloadAccountExport, listAccountExports, requestAccountExport } from '../../services/privacy/account-export';
import {
  downloadWorkspaceExport,
  listWorkspaceExports,
  requestWorkspaceExport,
} from '../../services/privacy/workspace-export';
import { importWorkspace } from '../../services/privacy/workspace-import';
import { ZFileContent } from './knowledge/source';
import { protectedProcedure, router, workspaceProcedure } from '../procedures';

// Any string: the services answer NOT_FOUND for a malformed id like for one from another workspace.
const ZVisitorRef = z.object({
  visitorId: z.string({ error: 'settings:validation.visitor' }).max(100, 'settings:validation.visitor'),
});
const ZConversationRef = z.object({
  conversationId: z.string({ error: 'settings:validation.conversation' }).max(100, 'settings:validation.conversation'),
});

/**
 * Data rights: a visitor's data exported or erased, a conversation erased
 * for good. Admins and owners only (agents answer chats, they do not erase
 * them); an API key with the conversations scopes may do the same.
 */
export const privacyRouter = router({
  /** "Download my data": prepares the archive in a job, mailed when ready. */
  requestAccountExport: protectedProcedure.mutation(({ ctx }) => requestAccountExport(ctx)),

  /** The caller's archives (in preparation, ready, failed), newest first. */
  accountExports: protectedProcedure.query(({ ctx }) => listAccountExports(ctx)),

  /** One ready archive's file, for the download route. */
  downloadAccountExport: protectedProcedure
    .input(z.object({ exportId: z.string({ error: 'settings:validation.download' }).max(100) }))
    .query(({ ctx, input }) => downloadAccountExport(ctx, input)),

  /** "Export this workspace": a ZIP of everything, prepared in a job. Admins and owners, signed in. */
  requestWorkspaceExport: workspaceProcedure('admin').mutation(({ ctx }) => requestWorkspaceExport(ctx)),

  /** The workspace's archives (in preparation, ready, failed), newest first. */
  workspaceExports: workspaceProcedure('admin').query(({ ctx }) => listWorkspaceExports(ctx)),

  /** One ready ZIP (base64), for the download route. */
  downloadWorkspaceExport: workspaceProcedure('admin')
    .input(z.object({ exportId: z.string({ error: 'settings:validation.download' }).max(100) }))
    .query(({ ctx, input }) => downloadWorkspaceExport(ctx, input)),

  /** A workspace export made into a NEW workspace the caller owns; conversations only when asked. */
  importWorkspace: protectedProcedure
    .input(
      z.object({
        name: z
          .string({ error: 'settings:validation.importName' })
          .trim()
          .min(1, 'settings:validation.importName')
          .max(80, 'settings:validation.nameTooLong'),
        archive: ZFileContent,
        includeConversations: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => importWorkspace(ctx, input)),

  /** What deleting the account would take with it, and what blocks it. */
  accountDeletion: protectedProcedure.query(({ ctx }) => accountDeletionPreview(ctx)),

  /** "Delete my account": re-authenticated and confirmed; every session ends, this one's cookie too. */
  deleteAccount: protectedProcedure
    .input(
      z.object({
        password: z.string().max(1000, 'settings:validation.passwordTooLong').optional(),
        confirmEmail: z.string({ error: 'settings:validation.confirmEmail' }).max(320),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      // A real session (not an API key): the freshness of an OAuth sign-in is read from it.
      if (!ctx.session) throw new AppError('UNAUTHORIZED', 'settings:errors.logIn');
      const result = await deleteAccount({ ...ctx, session: ctx.session }, input);
      ctx.setCookie(clearedSessionCookie(ctx.env));
      return result;
    }),

  /** Everything held about one visitor, as one JSON document. */
  exportVisitor: workspaceProcedure('admin')
    .meta({
      apiScope: 'conversations:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/visitors/{visitorId}/export',
        summary: 'Export everything held about one visitor',
      },
    })
    .input(ZVisitorRef)
    .query(({ ctx, input }) => exportVisitorData(ctx, input)),

  /** Erases the visitor with every conversation, message, rating and copy; the analytics figures follow. */
  deleteVisitor: workspaceProcedure('admin')
    .meta({
      apiScope: 'conversations:write',
      openapi: {
        method: 'DELETE',
        path: '/workspaces/{workspaceId}/visitors/{visitorId}',
        summary: "Erase a visitor's data: conversations, messages, ratings, identity",
      },
    })
    .input(ZVisitorRef)
    .mutation(({ ctx, input }) => deleteVisitorData(ctx, input)),

  /** Erases one conversation for good (archiving keeps it; this does not). */
  deleteConversation: workspaceProcedure('admin')
    .meta({
      apiScope: 'conversations:write',
      openapi: {
        method: 'DELETE',
        path: '/workspaces/{workspaceId}/conversations/{conversationId}',
        summary: 'Erase one conversation for good',
      },
    })
    .input(ZConversationRef)
    .mutation(({ ctx, input }) => deleteConversationPermanently(ctx, input)),
});
