import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { conversations, messages, users, visitors, type TChatbot, type TVisitor } from '../../../db/schema';
import type { BusEvent, EventBus } from '../../events/bus';
import { toWidgetConversation, toWidgetMessage, type TWidgetEvent } from './present';

/**
 * Event ids of the widget stream: `w1.<position>.<suffix>`. The position is
 * the highest message position (messages.seq, per visitor, in commit
 * order) the stream had delivered when it sent the event. The tRPC client
 * keeps the id of the last event it received and sends it back when it
 * reconnects, so *every* event carries the position: whatever the last one
 * was, the server replays exactly the stored messages after it.
 */
export const encodeEventId = (position: number, suffix: string) => `w1.${position}.${suffix}`;

export const parseEventId = (id: string | null | undefined): number | null => {
  const match = /^w1\.(\d{1,15})\./.exec(id ?? '');
  return match ? Number(match[1]) : null;
};

/** At most this many missed messages are replayed; a client further behind reloads its history. */
const MAX_REPLAY = 500;

const STREAMED = [
  'message.created',
  'answer.delta',
  'answer.cancelled',
  'message.feedback',
  'typing',
  'conversation.created',
  'conversation.updated',
] as const;
type TStreamed = (typeof STREAMED)[number];

export type TWatchCtx = {
  db: Db;
  bus: Pick<EventBus, 'subscribe'>;
  visitor: Pick<TVisitor, 'id'>;
  chatbot: Pick<TChatbot, 'id' | 'name'>;
};

/**
 * The visitor's live stream across all their conversations. Subscribes to
 * the bus first, then reads the backlog (the messages after `lastEventId`,
 * then the current conversation), then streams, skipping messages the
 * backlog already gave. Yields `[eventId, event]` pairs, each to be sent
 * as `tracked()`; the backlog ends with a `ready` event.
 */
export async function* watchWidget(
  ctx: TWatchCtx,
  input: { lastEventId?: string | null; signal?: AbortSignal },
): AsyncGenerator<[string, TWidgetEvent]> {
  const conversationIds = new Set<string>();
  // Until the visitor's conversations are read, every event of the chatbot is kept (and checked below).
  let isKnown = false;
  const live = ctx.bus.subscribe<TStreamed>([...STREAMED], {
    signal: input.signal,
    // Runs as each event arrives, in order: another visitor's events never wake this stream.
    filter: (event) => {
      if (event.payload.chatbotId !== ctx.chatbot.id) return false;
      if (event.type === 'conversation.created' && event.payload.conversation.visitorId === ctx.visitor.id) {
        conversationIds.add(event.payload.conversationId);
        return true;
      }
      return !isKnown || conversationIds.has(event.payload.conversationId);
    },
  });

  const operatorNames = new Map<string, string | null>();
  const operatorName = async (userId: string | null) => {
    if (!userId) return null;
    if (!operatorNames.has(userId)) {
      const [user] = await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, userId));
      operatorNames.set(userId, user?.name ?? null);
    }
    return operatorNames.get(userId)!;
  };
  /** Who wrote a message, as the visitor sees it: the bot's name, the operator's, or nobody (their own). */
  const authorNameOf = (message: { role: string; authorUserId: string | null }) =>
    message.role === 'bot'
      ? Promise.resolve(ctx.chatbot.name)
      : message.role === 'operator'
        ? operatorName(message.authorUserId)
        : Promise.resolve(null);

  for (const row of await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.visitorId, ctx.visitor.id)))
    conversationIds.add(row.id);
  isKnown = true;

  let position: number;
  const resumeFrom = parseEventId(input.lastEventId);
  if (resumeFrom !== null) {
    position = resumeFrom;
    const missed = await ctx.db
      .select({ message: messages })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(conversations.visitorId, ctx.visitor.id), gt(messages.seq, resumeFrom)))
      .orderBy(asc(messages.seq))
      .limit(MAX_REPLAY);
    for (const { message } of missed) {
      position = Math.max(position, message.seq);
      const authorName = await authorNameOf(message);
      yield [
        encodeEventId(position, message.id),
        { type: 'message.created', message: toWidgetMessage(message, authorName) },
      ];
    }
    const [current] = await ctx.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.visitorId, ctx.visitor.id), inArray(conversations.status, ['open', 'pending'])))
      .orderBy(desc(conversations.createdAt))
      .limit(1);
    if (current) {
      const conversation = toWidgetConversation({
        ...current,
        operatorName: await operatorName(current.assignedUserId),
      });
      yield [encodeEventId(position, `c-${current.id}`), { type: 'conversation.updated', conversation }];
    }
  } else {
    // A fresh stream starts at what is stored now; the client reads that through `history`.
    const [row] = await ctx.db
      .select({ seq: visitors.messageSeq })
      .from(visitors)
      .where(eq(visitors.id, ctx.visitor.id));
    position = row?.seq ?? 0;
  }
  yield [encodeEventId(position, 'ready'), { type: 'ready' }];

  for await (const event of live) {
    const mapped = await toWidgetEvents(event as BusEvent<TStreamed>);
    for (const widgetEvent of mapped) yield [encodeEventId(position, event.id), widgetEvent];
  }

  async function toWidgetEvents(event: BusEvent<TStreamed>): Promise<TWidgetEvent[]> {
    if (event.type === 'conversation.created') {
      if (event.payload.conversation.visitorId !== ctx.visitor.id) return [];
      conversationIds.add(event.payload.conversationId);
    }
    if (!conversationIds.has(event.payload.conversationId)) return [];
    switch (event.type) {
      case 'message.created': {
        const { message } = event.payload;
        const seq = message.seq ?? 0;
        // Already given by the backlog (or by `history`, for a fresh stream).
        if (seq <= position) return [];
        position = seq;
        const authorName = await authorNameOf(message);
        const created: TWidgetEvent = { type: 'message.created', message: toWidgetMessage(message, authorName) };
        // The bot stops "writing" when its answer is stored.
        return message.role === 'bot'
          ? [created, { type: 'typing', who: 'bot', name: ctx.chatbot.name, isTyping: false }]
          : [created];
      }
      case 'answer.delta': {
        const { answerId, replyToId, seq, text } = event.payload;
        return [{ type: 'answer.delta', answerId, replyToId, seq, text }];
      }
      case 'answer.cancelled':
        return [
          { type: 'answer.cancelled', answerId: event.payload.answerId },
          { type: 'typing', who: 'bot', name: ctx.chatbot.name, isTyping: false },
        ];
      case 'message.feedback':
        return [{ type: 'message.feedback', messageId: event.payload.messageId, feedback: event.payload.feedback }];
      case 'typing': {
        const { who, name, isTyping } = event.payload;
        // The visitor's own typing is for the team, not echoed back.
        return who === 'visitor' ? [] : [{ type: 'typing', who, name, isTyping }];
      }
      case 'conversation.created':
      case 'conversation.updated':
        return [{ type: 'conversation.updated', conversation: toWidgetConversation(event.payload.conversation) }];
    }
    return [];
  }
}
