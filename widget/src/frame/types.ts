/**
 * The shapes of /work/widget-contract.md as the frame uses them. The tRPC
 * client is typed by the server's AppRouter, so a drift between these and the
 * server shows up as a type error where they meet (connection.ts, app.tsx).
 */
import type { TStylePatch } from '../protocol-core';

export type TWidgetStyle = Required<TStylePatch>;

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

export type TWidgetCitation = { ref: string; title: string; url: string | null; snippet: string };

export type TFeedback = 'up' | 'down' | null;

export type TWidgetMessage = {
  id: string;
  /** The server half's addition; a replay may span a reset. */
  conversationId?: string;
  clientId: string | null;
  role: 'visitor' | 'bot' | 'operator' | 'system';
  content: string;
  authorName: string | null;
  citations: TWidgetCitation[] | null;
  feedback: TFeedback;
  offersHandoff: boolean;
  createdAt: Date;
};

export type TWidgetConversation = {
  id: string;
  status: 'open' | 'pending' | 'resolved' | 'archived';
  handler: 'bot' | 'human';
  operatorName: string | null;
  rating: number | null;
  agentReadAt: Date | null;
};

export type TWidgetEvent =
  | { type: 'message.created'; message: TWidgetMessage }
  | { type: 'answer.delta'; answerId: string; replyToId: string; seq: number; text: string }
  | { type: 'answer.cancelled'; answerId: string }
  | { type: 'message.feedback'; messageId: string; feedback: TFeedback }
  | { type: 'typing'; who: 'bot' | 'operator'; name: string | null; isTyping: boolean }
  | { type: 'conversation.updated'; conversation: TWidgetConversation }
  /** The server half's addition: ends the backlog of a (re)started subscription. */
  | { type: 'ready' };
