/**
 * The conversation as the frame shows it, as pure functions over plain data:
 * stored messages (deduplicated by id, in time order), the visitor's messages
 * still on their way (the outbox), bot answers being streamed, and what the
 * server has confirmed. Events may arrive twice (a resumed subscription
 * replays) and out of step with mutation results; every function here is
 * idempotent so the order does not matter.
 */
import type { TOutboxItem } from './outbox';
import type { TFeedback, TWidgetConversation, TWidgetEvent, TWidgetMessage } from './types';

export type TStream = { answerId: string; replyToId: string; pieces: Record<number, string> };

export type TChatState = {
  messages: TWidgetMessage[];
  /** Written, not yet acknowledged by the server. */
  pending: TOutboxItem[];
  /** Refused sends, by clientId, with the sentence to show. */
  failed: Record<string, string>;
  /** Ids whose `message.created` event came back over the subscription. */
  delivered: Record<string, true>;
  streams: Record<string, TStream>;
  conversation: TWidgetConversation | null;
  typing: { who: 'bot' | 'operator'; name: string | null } | null;
  hasMore: boolean;
  nextBefore: string | null;
  /** Conversations the visitor ended here: their messages are not shown again. */
  ended: string[];
};

export const emptyChat = (): TChatState => ({
  messages: [],
  pending: [],
  failed: {},
  delivered: {},
  streams: {},
  conversation: null,
  typing: null,
  hasMore: false,
  nextBefore: null,
  ended: [],
});

/** After a reset: an empty chat that keeps ignoring the conversation that just ended. */
export const endConversation = (state: TChatState): TChatState => ({
  ...emptyChat(),
  ended: state.conversation ? [...state.ended, state.conversation.id] : state.ended,
});

const time = (message: TWidgetMessage) => new Date(message.createdAt).getTime();

/** Adds or replaces messages by id, keeps time order, and drops the pending copies they stand for. */
export const upsertMessages = (state: TChatState, all: TWidgetMessage[]): TChatState => {
  const incoming = all.filter((message) => !message.conversationId || !state.ended.includes(message.conversationId));
  if (!incoming.length) return state;
  const byId = new Map(state.messages.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  const messages = [...byId.values()].sort((a, b) => time(a) - time(b) || (a.id < b.id ? -1 : 1));
  const clientIds = new Set(incoming.map((message) => message.clientId).filter(Boolean));
  const streams = { ...state.streams };
  for (const message of incoming) delete streams[message.id]; // The stored answer replaces its stream.
  return {
    ...state,
    messages,
    streams,
    pending: state.pending.filter((item) => !clientIds.has(item.clientId)),
  };
};

/** Appends a piece of a streamed answer; a piece seen before (same seq) changes nothing. */
export const addDelta = (
  state: TChatState,
  delta: { answerId: string; replyToId: string; seq: number; text: string },
): TChatState => {
  // Already stored: a late or replayed delta must not bring the stream back.
  if (state.messages.some((message) => message.id === delta.answerId)) return state;
  const current = state.streams[delta.answerId] ?? { answerId: delta.answerId, replyToId: delta.replyToId, pieces: {} };
  if (current.pieces[delta.seq] === delta.text) return state;
  return {
    ...state,
    streams: {
      ...state.streams,
      [delta.answerId]: { ...current, pieces: { ...current.pieces, [delta.seq]: delta.text } },
    },
  };
};

/** The text of a stream so far: its pieces in seq order. */
export const streamText = (stream: TStream) =>
  Object.keys(stream.pieces)
    .map(Number)
    .sort((a, b) => a - b)
    .map((seq) => stream.pieces[seq])
    .join('');

export const setFeedback = (state: TChatState, messageId: string, feedback: TFeedback): TChatState => ({
  ...state,
  messages: state.messages.map((message) => (message.id === messageId ? { ...message, feedback } : message)),
});

/** Applies one subscription event. */
export const applyEvent = (state: TChatState, event: TWidgetEvent): TChatState => {
  switch (event.type) {
    case 'message.created': {
      const next = upsertMessages(state, [event.message]);
      const typing = event.message.role === 'visitor' ? next.typing : null;
      return { ...next, typing, delivered: { ...next.delivered, [event.message.id]: true } };
    }
    case 'answer.delta':
      return addDelta({ ...state, typing: null }, event);
    case 'answer.cancelled': {
      const { [event.answerId]: _, ...streams } = state.streams;
      return { ...state, streams };
    }
    case 'message.feedback':
      return setFeedback(state, event.messageId, event.feedback);
    case 'typing':
      return { ...state, typing: event.isTyping ? { who: event.who, name: event.name } : null };
    case 'conversation.updated':
      return { ...state, conversation: event.conversation };
    default:
      return state; // `ready` (end of the backlog) and anything newer than this frame.
  }
};

export type TDeliveryState = 'sending' | 'failed' | 'sent' | 'delivered' | 'read';

/** Where a visitor message is: sending → sent (stored) → delivered (its event came back) → read. */
export const deliveryState = (state: TChatState, message: TWidgetMessage): TDeliveryState => {
  const readAt = state.conversation?.agentReadAt;
  const created = time(message);
  if (readAt && new Date(readAt).getTime() >= created) return 'read';
  if (state.messages.some((other) => other.role !== 'visitor' && other.role !== 'system' && time(other) > created)) {
    return 'read';
  }
  return state.delivered[message.id] ? 'delivered' : 'sent';
};

/** True while the visitor waits for the bot: their last message is newer than any answer, and no stream is running. */
export const isAwaitingBot = (state: TChatState) => {
  if (Object.keys(state.streams).length) return false;
  if (state.pending.length) return false;
  if (state.conversation && state.conversation.handler === 'human') return false;
  const last = state.messages[state.messages.length - 1];
  return !!last && last.role === 'visitor';
};

/** Messages from the team (bot or person) newer than `since`: what the unread badge counts. */
export const unreadCount = (state: TChatState, since: number) =>
  state.messages.filter((message) => (message.role === 'bot' || message.role === 'operator') && time(message) > since)
    .length;
