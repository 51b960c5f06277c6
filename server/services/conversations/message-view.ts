import type { TMessage } from '../../../db/schema';
import { presentMessage, type TMessageView } from '../answering/events';

/**
 * The one presentation of a message: every field a client may be shown,
 * with its author named. Each channel's view narrows it by type (`Pick`):
 * the widget's (`TWidgetMessage`) and the inbox's (`TInboxMessage`). Only
 * the server builds a view; clients take it as it comes.
 */
export type TPresentedMessage = TMessageView & {
  /** The bot's name on its answers, the member's on their replies; null on the visitor's own and on notices. */
  authorName: string | null;
};

export type TAuthorNames = { chatbotName: string | null; operatorName: string | null };

/** Who wrote a message, as people are shown it. */
export const authorNameOf = (role: TMessageView['role'], names: TAuthorNames) =>
  role === 'bot' ? names.chatbotName : role === 'operator' ? names.operatorName : null;

export const presentMessageWithAuthor = (message: TMessageView, names: TAuthorNames): TPresentedMessage => ({
  ...message,
  authorName: authorNameOf(message.role, names),
});

/** Names for a message nobody on the team wrote: the visitor's own, and Parley's notices. */
export const NO_AUTHOR: TAuthorNames = { chatbotName: null, operatorName: null };

/** A stored row as it is published and shown: the full view, its author named. */
export const presentStoredMessage = (message: TMessage, names: TAuthorNames = NO_AUTHOR): TPresentedMessage =>
  presentMessageWithAuthor(presentMessage(message), names);
