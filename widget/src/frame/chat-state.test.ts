import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  deliveryState,
  emptyChat,
  endConversation,
  isAwaitingBot,
  streamText,
  unreadCount,
  upsertMessages,
  type TChatState,
} from './chat-state';
import type { TWidgetConversation, TWidgetMessage } from './types';

let clock = Date.parse('2026-01-01T10:00:00Z');
const msg = (over: Partial<TWidgetMessage> = {}): TWidgetMessage => ({
  id: `m${clock}`,
  clientId: null,
  role: 'visitor',
  content: 'hi',
  authorName: null,
  citations: null,
  feedback: null,
  offersHandoff: false,
  createdAt: new Date((clock += 1000)),
  ...over,
});
const conversation = (over: Partial<TWidgetConversation> = {}): TWidgetConversation => ({
  id: 'c1',
  status: 'open',
  handler: 'bot',
  operatorName: null,
  rating: null,
  agentReadAt: null,
  ...over,
});

describe('the chat state', () => {
  it('keeps each message once, in time order, whatever order and how often it arrives', () => {
    const a = msg();
    const b = msg();
    let state = upsertMessages(emptyChat(), [b]);
    state = applyEvent(state, { type: 'message.created', message: a });
    state = applyEvent(state, { type: 'message.created', message: b }); // replayed on resume
    state = upsertMessages(state, [a, b]); // and in a history page
    expect(state.messages.map((m) => m.id)).toEqual([a.id, b.id]);
  });

  it('replaces the pending copy of a visitor message by the stored one', () => {
    const pending = { clientId: 'client-1', content: 'hello', createdAt: new Date().toISOString() };
    const state = upsertMessages({ ...emptyChat(), pending: [pending] }, [
      msg({ clientId: 'client-1', content: 'hello' }),
    ]);
    expect(state.pending).toEqual([]);
    expect(state.messages).toHaveLength(1);
  });

  it('assembles a streamed answer by seq and swaps it for the stored message', () => {
    const question = msg();
    let state = upsertMessages(emptyChat(), [question]);
    const delta = (seq: number, text: string) =>
      ({ type: 'answer.delta', answerId: 'ans', replyToId: question.id, seq, text }) as const;
    state = applyEvent(state, delta(1, 'world'));
    state = applyEvent(state, delta(0, 'Hello '));
    state = applyEvent(state, delta(1, 'world')); // duplicate
    expect(streamText(state.streams.ans!)).toBe('Hello world');
    state = applyEvent(state, {
      type: 'message.created',
      message: msg({ id: 'ans', role: 'bot', content: 'Hello world' }),
    });
    expect(state.streams).toEqual({});
    state = applyEvent(state, delta(2, '!')); // late piece after the stored answer
    expect(state.streams).toEqual({});
  });

  it('drops a cancelled stream', () => {
    let state = applyEvent(emptyChat(), { type: 'answer.delta', answerId: 'x', replyToId: 'q', seq: 0, text: 'a' });
    state = applyEvent(state, { type: 'answer.cancelled', answerId: 'x' });
    expect(state.streams).toEqual({});
  });

  it('walks a visitor message through sent, delivered and read', () => {
    const mine = msg();
    let state: TChatState = upsertMessages(emptyChat(), [mine]);
    expect(deliveryState(state, mine)).toBe('sent');
    state = applyEvent(state, { type: 'message.created', message: mine });
    expect(deliveryState(state, mine)).toBe('delivered');
    state = applyEvent(state, {
      type: 'conversation.updated',
      conversation: conversation({ agentReadAt: new Date(new Date(mine.createdAt).getTime() + 1) }),
    });
    expect(deliveryState(state, mine)).toBe('read');

    const other = msg();
    const replied = upsertMessages(upsertMessages(emptyChat(), [other]), [msg({ role: 'operator' })]);
    expect(deliveryState(replied, other)).toBe('read');
  });

  it('shows the bot thinking until an answer starts, and not when a person handles the chat', () => {
    let state = upsertMessages(emptyChat(), [msg()]);
    expect(isAwaitingBot(state)).toBe(true);
    state = applyEvent(state, { type: 'answer.delta', answerId: 'a', replyToId: 'q', seq: 0, text: '…' });
    expect(isAwaitingBot(state)).toBe(false);
    const human = applyEvent(upsertMessages(emptyChat(), [msg()]), {
      type: 'conversation.updated',
      conversation: conversation({ handler: 'human' }),
    });
    expect(isAwaitingBot(human)).toBe(false);
  });

  it('keeps an ended conversation away, even when its messages are replayed', () => {
    const old = msg({ conversationId: 'c1' });
    let state = upsertMessages({ ...emptyChat(), conversation: conversation({ id: 'c1' }) }, [old]);
    state = endConversation(state);
    expect(state.messages).toEqual([]);
    state = applyEvent(state, { type: 'message.created', message: old });
    expect(state.messages).toEqual([]);
    const fresh = msg({ conversationId: 'c2' });
    state = applyEvent(state, { type: 'message.created', message: fresh });
    expect(state.messages).toEqual([fresh]);
  });

  it('shows and clears typing, and counts unread answers', () => {
    let state = applyEvent(emptyChat(), { type: 'typing', who: 'operator', name: 'Ana', isTyping: true });
    expect(state.typing).toEqual({ who: 'operator', name: 'Ana' });
    const since = clock;
    state = applyEvent(state, { type: 'message.created', message: msg({ role: 'operator' }) });
    expect(state.typing).toBeNull();
    state = upsertMessages(state, [msg({ role: 'bot' }), msg({ role: 'visitor' })]);
    expect(unreadCount(state, since)).toBe(2);
  });
});
