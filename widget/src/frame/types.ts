/**
 * The shapes the frame shares with the server (docs/contracts/widget.md),
 * taken from the server's own types (type-only: nothing of the server is
 * bundled), so the two cannot drift apart.
 */
export type {
  TFrameBoot,
  TWidgetCitation,
  TWidgetConversation,
  TWidgetEvent,
  TWidgetMessage,
} from '../../../server/services/widget/present';
export type { TWidgetStyle } from '../../../server/services/chatbots/widget-style';

export type TFeedback = 'up' | 'down' | null;
