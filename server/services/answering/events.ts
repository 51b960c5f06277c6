import type { TMessage } from '../../../db/schema';
import type { TPresentedMessage } from '../conversations/message-view';

/** A message as every client sees it (the playground and inbox also read `retrieval` and the usage figures). */
export type TMessageView = Pick<
  TMessage,
  | 'id'
  | 'conversationId'
  | 'role'
  | 'content'
  | 'clientId'
  | 'replyToId'
  | 'authorUserId'
  | 'outcome'
  | 'citations'
  | 'retrieval'
  | 'provider'
  | 'model'
  | 'tokensIn'
  | 'tokensOut'
  | 'firstTokenMs'
  | 'latencyMs'
  | 'feedback'
  | 'offersHandoff'
  | 'emailedTo'
  | 'createdAt'
> & {
  /** The message's position among its visitor's messages (widget resume); absent on optimistic copies. */
  seq?: TMessage['seq'];
};

export const presentMessage = (message: TMessage): TMessageView => ({
  id: message.id,
  conversationId: message.conversationId,
  role: message.role,
  content: message.content,
  clientId: message.clientId,
  replyToId: message.replyToId,
  authorUserId: message.authorUserId,
  outcome: message.outcome,
  citations: message.citations,
  retrieval: message.retrieval,
  provider: message.provider,
  model: message.model,
  tokensIn: message.tokensIn,
  tokensOut: message.tokensOut,
  firstTokenMs: message.firstTokenMs,
  latencyMs: message.latencyMs,
  feedback: message.feedback,
  offersHandoff: message.offersHandoff,
  emailedTo: message.emailedTo,
  seq: message.seq,
  createdAt: message.createdAt,
});

type TConversationRef = { workspaceId: string; chatbotId: string; conversationId: string };

declare module '../../events/types' {
  // Declaration merging (how domains add events) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyEvents {
    /**
     * A message was stored: a visitor's, an operator's, or a bot's finished
     * answer (which replaces its stream). Its author is named as it is
     * published, so no subscriber looks names up per event.
     */
    'message.created': TConversationRef & { message: TPresentedMessage };
    /** A piece of a bot answer being streamed; `answerId` becomes the stored message's id. */
    'answer.delta': TConversationRef & { answerId: string; replyToId: string; seq: number; text: string };
    /** A streamed answer was stopped (a person took over): clients drop what they showed of it. */
    'answer.cancelled': TConversationRef & { answerId: string };
    /** A message's thumbs up/down changed. */
    'message.feedback': TConversationRef & { messageId: string; feedback: TMessage['feedback'] };
  }
}
