import type { TChatbot, TConversation, TStoredCitation } from '../../../db/schema';
import { botLanguage, greetingIn } from '../answering/bot-language';
import type { TAppLanguage } from '../../../shared/languages';
import { readSettings } from '../chatbots/settings';
import { readWidgetStyle, type TWidgetStyle } from '../chatbots/widget-style';
import type { TConversationView } from '../conversations/events';
import type { TPresentedMessage } from '../conversations/message-view';

/**
 * What the widget sees, and nothing more: no retrieval scores, providers,
 * token counts or team members' ids (docs/contracts/widget.md).
 */

export type TWidgetCitation = { ref: string; title: string; url: string | null; snippet: string };

/**
 * The visitor's view of a message: no outcome, author ids or retrieval,
 * and citations cut to what a reader needs. `conversationId` tells which
 * of the visitor's conversations it belongs to (a replay may span a reset).
 */
export type TWidgetMessage = Pick<
  TPresentedMessage,
  'id' | 'conversationId' | 'clientId' | 'role' | 'content' | 'authorName' | 'feedback' | 'offersHandoff' | 'createdAt'
> & { citations: TWidgetCitation[] | null };

export type TWidgetConversation = {
  id: string;
  status: TConversation['status'];
  handler: TConversation['handler'];
  operatorName: string | null;
  rating: number | null;
  agentReadAt: Date | null;
  /** Nobody was online when the visitor asked for a person: the widget asks where to e-mail the reply. */
  isEmailOffered: boolean;
  /** Where the team's replies go by e-mail, once the visitor said. */
  replyEmail: string | null;
};

export type TWidgetEvent =
  | { type: 'message.created'; message: TWidgetMessage }
  | { type: 'answer.delta'; answerId: string; replyToId: string; seq: number; text: string }
  | { type: 'answer.cancelled'; answerId: string }
  | { type: 'message.feedback'; messageId: string; feedback: 'up' | 'down' | null }
  | { type: 'typing'; who: 'bot' | 'operator'; name: string | null; isTyping: boolean }
  | { type: 'conversation.updated'; conversation: TWidgetConversation }
  /** Ends the backlog of every subscription (fresh or resumed); its id carries the resume position. */
  | { type: 'ready' };

export type TWidgetPublicConfig = { name: string; style: TWidgetStyle };

export type TFrameBoot = {
  publicKey: string;
  hostOrigin: string | null;
  preview: string | null;
  wsUrl: string;
  chatbot: {
    name: string;
    greeting: string;
    suggestedQuestions: string[];
    style: TWidgetStyle;
    canAskForHuman: boolean;
    isHumanOnly: boolean;
  };
};

const presentCitation = (citation: TStoredCitation): TWidgetCitation => ({
  ref: citation.ref,
  title: citation.title,
  url: citation.url,
  snippet: citation.snippet,
});

export const toWidgetMessage = (
  message: Pick<
    TPresentedMessage,
    | 'id'
    | 'conversationId'
    | 'clientId'
    | 'role'
    | 'content'
    | 'authorName'
    | 'citations'
    | 'feedback'
    | 'offersHandoff'
    | 'createdAt'
  >,
): TWidgetMessage => ({
  id: message.id,
  conversationId: message.conversationId,
  clientId: message.clientId,
  role: message.role,
  content: message.content,
  authorName: message.authorName,
  citations: message.role === 'bot' ? (message.citations ?? []).map(presentCitation) : null,
  feedback: message.feedback,
  offersHandoff: message.offersHandoff,
  createdAt: message.createdAt,
});

export const toWidgetConversation = (
  conversation: Pick<TConversationView, 'id' | 'status' | 'handler' | 'rating' | 'agentReadAt'> & {
    emailOfferedAt?: Date | null;
    replyEmail?: string | null;
    operatorName?: string | null;
  },
): TWidgetConversation => ({
  id: conversation.id,
  status: conversation.status,
  handler: conversation.handler,
  // The operator is named only while a person is handling it.
  operatorName: conversation.handler === 'human' ? (conversation.operatorName ?? null) : null,
  rating: conversation.rating,
  agentReadAt: conversation.agentReadAt,
  isEmailOffered: !!conversation.emailOfferedAt,
  replyEmail: conversation.replyEmail ?? null,
});

export const toPublicConfig = (chatbot: TChatbot): TWidgetPublicConfig => ({
  name: chatbot.name,
  style: readWidgetStyle(chatbot.widget),
});

/** `language`: the visitor's browser's, for a greeting the owner left as Parley wrote it. */
export const toBootChatbot = (chatbot: TChatbot, language: TAppLanguage): TFrameBoot['chatbot'] => {
  const settings = readSettings(chatbot.settings);
  return {
    name: chatbot.name,
    greeting: greetingIn(settings, botLanguage(settings, { locale: language })),
    suggestedQuestions: settings.suggestedQuestions,
    style: readWidgetStyle(chatbot.widget),
    canAskForHuman: settings.handoffPolicy !== 'never',
    isHumanOnly: settings.responseMode === 'human',
  };
};
