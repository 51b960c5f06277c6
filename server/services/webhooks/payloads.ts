import type { BusEvent } from '../../events/bus';
import type { TConversationView } from '../conversations/events';
import type { TPresentedMessage } from '../conversations/message-view';
import type { TWebhookEventType } from '../../../shared/webhook-events';

/** The bus events the webhooks are made from (`server/services/webhooks/dispatcher.ts` listens to these). */
export const SOURCE_EVENTS = [
  'conversation.created',
  'conversation.transition',
  'message.created',
  'message.feedback',
  'source.updated',
] as const;

export type TSourceEvent = BusEvent<(typeof SOURCE_EVENTS)[number]>;

/** One webhook event: what it is about, and its `data` as documented in docs/webhooks.md. */
export type TWebhookEvent = {
  type: TWebhookEventType;
  workspaceId: string;
  chatbotId: string;
  data: Record<string, unknown>;
};

/** The conversation as receivers get it: the public fields, no read marks. */
const conversationData = (c: TConversationView) => ({
  id: c.id,
  chatbotId: c.chatbotId,
  visitorId: c.visitorId,
  channel: c.channel,
  status: c.status,
  handler: c.handler,
  assignedUserId: c.assignedUserId,
  operatorName: c.operatorName,
  context: c.context,
  rating: c.rating,
  ratingComment: c.ratingComment,
  handoffRequestedAt: c.handoffRequestedAt,
  createdAt: c.createdAt,
  resolvedAt: c.resolvedAt,
});

/** The message as receivers get it: without retrieval scores and token counts (internal figures). */
const messageData = (m: TPresentedMessage) => ({
  id: m.id,
  conversationId: m.conversationId,
  role: m.role,
  content: m.content,
  authorName: m.authorName,
  replyToId: m.replyToId,
  outcome: m.outcome,
  citations: m.citations ?? [],
  createdAt: m.createdAt,
});

const TRANSITION_TYPES = {
  'handoff.requested': 'handoff.requested',
  assigned: 'conversation.assigned',
  resolved: 'conversation.resolved',
  rated: 'feedback.created',
} as const;

/** The webhook event a bus event stands for, or null when it is none (a source still processing, feedback withdrawn). */
export function webhookEventOf(event: TSourceEvent): TWebhookEvent | null {
  const { workspaceId, chatbotId } = event.payload;
  const make = (type: TWebhookEventType, data: Record<string, unknown>) => ({ type, workspaceId, chatbotId, data });
  switch (event.type) {
    case 'conversation.created':
      return make('conversation.created', { conversation: conversationData(event.payload.conversation) });
    case 'conversation.transition': {
      const { transition, conversation } = event.payload;
      if (transition === 'rated')
        return make('feedback.created', {
          kind: 'conversation',
          conversationId: conversation.id,
          rating: conversation.rating,
          comment: conversation.ratingComment,
        });
      return make(TRANSITION_TYPES[transition], { conversation: conversationData(conversation) });
    }
    case 'message.created':
      return make('message.created', { message: messageData(event.payload.message) });
    case 'message.feedback':
      if (!event.payload.feedback) return null;
      return make('feedback.created', {
        kind: 'message',
        conversationId: event.payload.conversationId,
        messageId: event.payload.messageId,
        feedback: event.payload.feedback,
      });
    case 'source.updated': {
      const { status, sourceId, chunkCount, error, syncResult = null } = event.payload;
      // A scheduled sync that found nothing new is not news; one that failed kept the last good
      // content (status stays ready) but is still a failure the receiver should hear of.
      if (syncResult === 'unchanged') return null;
      const isFailed = status === 'failed' || syncResult === 'failed';
      if (!isFailed && status !== 'ready') return null;
      return make(isFailed ? 'source.failed' : 'source.ready', {
        source: { id: sourceId, chatbotId, status, chunkCount, error, syncResult },
      });
    }
  }
}

/** The JSON body, Standard Webhooks' recommended envelope: `type`, `timestamp`, `data`. */
export const webhookBody = (
  event: { type: string; workspaceId: string; chatbotId: string | null; data: Record<string, unknown> },
  at: Date,
) =>
  JSON.stringify({
    type: event.type,
    timestamp: at.toISOString(),
    data: { workspaceId: event.workspaceId, chatbotId: event.chatbotId, ...event.data },
  });
