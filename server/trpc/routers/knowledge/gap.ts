import { z } from 'zod';
import { answerGap, dismissGap, listGaps, reopenGap, resolveGap } from '../../../services/knowledge/gaps';
import { localizedSource } from '../../../services/knowledge/stored-message';
import { router, workspaceProcedure } from '../../procedures';
import { ZFaqAnswer, ZFaqQuestion } from './source';

// Any string: the services answer NOT_FOUND for a malformed id like for one from another workspace.
const ZChatbotRef = z.object({ chatbotId: z.string({ error: 'knowledge:validation.chooseChatbot' }).max(100) });
const ZGapRef = z.object({ gapId: z.string({ error: 'knowledge:validation.chooseGap' }).max(100) });

export const ZGapStatus = z.enum(['open', 'resolved', 'dismissed'], {
  error: 'knowledge:validation.gapStatus',
});

/**
 * Knowledge gaps: questions the chatbot answered with low confidence or
 * visitors marked unhelpful, grouped by similarity. Agents see them; admins
 * (who edit knowledge) answer, dismiss and reopen them.
 */
export const gapRouter = router({
  /** One status's gaps, the most asked first, with recent wordings and the count per status. */
  list: workspaceProcedure('agent')
    .meta({
      apiScope: 'knowledge:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}/gaps',
        summary: "List a chatbot's knowledge gaps",
      },
    })
    .input(ZChatbotRef.extend({ status: ZGapStatus.default('open') }))
    .query(({ ctx, input }) => listGaps(ctx, input)),

  /** Writes an FAQ pair (the gap's question unless reworded), queues it for ingestion, and resolves the gap. */
  answer: workspaceProcedure('admin')
    .meta({
      apiScope: 'knowledge:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/gaps/{gapId}/answer',
        summary: 'Answer a gap (adds an FAQ source)',
      },
    })
    .input(ZGapRef.extend({ question: ZFaqQuestion.optional(), answer: ZFaqAnswer }))
    .mutation(async ({ ctx, input }) => {
      const result = await answerGap(ctx, input);
      return { ...result, source: localizedSource(ctx.locale, result.source) };
    }),

  dismiss: workspaceProcedure('admin')
    .meta({
      apiScope: 'knowledge:write',
      openapi: { method: 'POST', path: '/workspaces/{workspaceId}/gaps/{gapId}/dismiss', summary: 'Dismiss a gap' },
    })
    .input(ZGapRef)
    .mutation(({ ctx, input }) => dismissGap(ctx, input)),

  /** The knowledge now answers it (a source was edited or synced): resolved without a new FAQ pair. */
  resolve: workspaceProcedure('admin')
    .input(ZGapRef)
    .mutation(({ ctx, input }) => resolveGap(ctx, input)),

  reopen: workspaceProcedure('admin')
    .meta({
      apiScope: 'knowledge:write',
      openapi: { method: 'POST', path: '/workspaces/{workspaceId}/gaps/{gapId}/reopen', summary: 'Reopen a gap' },
    })
    .input(ZGapRef)
    .mutation(({ ctx, input }) => reopenGap(ctx, input)),
});
