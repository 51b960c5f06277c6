import type { TPresentedMessage } from '../conversations/message-view';

/** A message as the team sees it: everything the visitor sees, plus how a bot turn ended and the full sources. */
export type TInboxMessage = Pick<
  TPresentedMessage,
  | 'id'
  | 'conversationId'
  | 'role'
  | 'content'
  | 'clientId'
  | 'authorName'
  | 'authorUserId'
  | 'replyToId'
  | 'outcome'
  | 'citations'
  | 'feedback'
  | 'offersHandoff'
  | 'emailedTo'
  | 'seq'
  | 'createdAt'
>;

export const toInboxMessage = (message: TPresentedMessage): TInboxMessage => ({
  id: message.id,
  conversationId: message.conversationId,
  role: message.role,
  content: message.content,
  clientId: message.clientId,
  authorName: message.authorName,
  authorUserId: message.authorUserId,
  replyToId: message.replyToId,
  outcome: message.outcome,
  citations: message.role === 'bot' ? (message.citations ?? []) : null,
  feedback: message.feedback,
  offersHandoff: message.offersHandoff,
  emailedTo: message.emailedTo,
  seq: message.seq,
  createdAt: message.createdAt,
});
