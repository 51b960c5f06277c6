import { z } from 'zod';
import { deleteConversationPermanently, deleteVisitorData, exportVisitorData } from '../../services/privacy/visitors';
import { router, workspaceProcedure } from '../procedures';

// Any string: the services answer NOT_FOUND for a malformed id like for one from another workspace.
const ZVisitorRef = z.object({ visitorId: z.string({ error: 'Choose a visitor.' }).max(100, 'Choose a visitor.') });
const ZConversationRef = z.object({
  conversationId: z.string({ error: 'Choose a conversation.' }).max(100, 'Choose a conversation.'),
});

/**
 * Data rights: a visitor's data exported or erased, a conversation erased
 * for good. Admins and owners only (agents answer chats, they do not erase
 * them); an API key with the conversations scopes may do the same.
 */
export const privacyRouter = router({
  /** Everything held about one visitor, as one JSON document. */
  exportVisitor: workspaceProcedure('admin')
    .meta({ apiScope: 'conversations:read' })
    .input(ZVisitorRef)
    .query(({ ctx, input }) => exportVisitorData(ctx, input)),

  /** Erases the visitor with every conversation, message, rating and copy; the analytics figures follow. */
  deleteVisitor: workspaceProcedure('admin')
    .meta({ apiScope: 'conversations:write' })
    .input(ZVisitorRef)
    .mutation(({ ctx, input }) => deleteVisitorData(ctx, input)),

  /** Erases one conversation for good (archiving keeps it; this does not). */
  deleteConversation: workspaceProcedure('admin')
    .meta({ apiScope: 'conversations:write' })
    .input(ZConversationRef)
    .mutation(({ ctx, input }) => deleteConversationPermanently(ctx, input)),
});
