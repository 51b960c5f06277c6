import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { conversations, messages, users, visitors, type TChatbot, type TVisitor } from '../../../db/schema';
import type { BusEvent, EventBus } from '../../events/bus';
import { eventQueue } from '../../events/event-queue';
import { presentStoredMessage } from '../conversations/message-view';
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
  bus: Pick<EventBus, 'listen'>;
  visitor: Pick<TVisitor, 'id'>;
  chatbot: Pick<TChatbot, 'id' | 'name'>;
};

/** One live stream as the router sees it. */
type TRoute = {
  visitorId: string;
  conversationIds: Set<string>;
  push: (event: BusEvent<TStreamed>) => void;
};

/**
 * All live widget streams of one chatbot on one bus share one bus listener,
 * which hands each event only to the streams of its conversation (and to
 * streams still reading their conversations): with a thousand visitors
 * online, a message wakes one stream, not a thousand filters.
 */
class ChatbotRouter {
  private readonly routes = new Set<TRoute>();
  private readonly loading = new Set<TRoute>();
  private readonly byVisitor = new Map<string, Set<TRoute>>();
  private readonly byConversation = new Map<string, Set<TRoute>>();
  private readonly controller = new AbortController();

  constructor(bus: Pick<EventBus, 'listen'>, chatbotId: string) {
    bus.listen(
      [...STREAMED],
      (event) => {
        if (event.payload.chatbotId === chatbotId) this.dispatch(event);
      },
      { signal: this.controller.signal },
    );
  }

  add(route: TRoute) {
    this.routes.add(route);
    this.loading.add(route);
    indexAdd(this.byVisitor, route.visitorId, route);
    for (const id of route.conversationIds) indexAdd(this.byConversation, id, route);
  }

  addConversation(route: TRoute, conversationId: string) {
    route.conversationIds.add(conversationId);
    indexAdd(this.byConversation, conversationId, route);
  }

  /** The stream has read its visitor's conversations: from now on it gets only theirs. */
  known(route: TRoute) {
    this.loading.delete(route);
  }

  /** Removes a stream; true when it was the last. */
  remove(route: TRoute) {
    this.routes.delete(route);
    this.loading.delete(route);
    indexDelete(this.byVisitor, route.visitorId, route);
    for (const id of route.conversationIds) indexDelete(this.byConversation, id, route);
    if (this.routes.size > 0) return false;
    this.controller.abort();
    return true;
  }

  private dispatch(event: BusEvent<TStreamed>) {
    if (event.type === 'conversation.created') {
      // Indexed before anything else of the new conversation is handed on (events arrive in order).
      for (const route of this.byVisitor.get(event.payload.conversation.visitorId) ?? []) {
        this.addConversation(route, event.payload.conversationId);
      }
    }
    const targets = this.byConversation.get(event.payload.conversationId);
    for (const route of targets ?? []) route.push(event);
    for (const route of this.loading) if (!targets?.has(route)) route.push(event);
  }
}

function indexAdd(index: Map<string, Set<TRoute>>, key: string, route: TRoute) {
  const routes = index.get(key);
  if (routes) routes.add(route);
  else index.set(key, new Set([route]));
}

function indexDelete(index: Map<string, Set<TRoute>>, key: string, route: TRoute) {
  const routes = index.get(key);
  if (!routes) return;
  routes.delete(route);
  if (routes.size === 0) index.delete(key);
}

const routers = new WeakMap<object, Map<string, ChatbotRouter>>();

/** Registers a stream with its chatbot's router (made on first use); returns how to leave it. */
function openRoute(bus: Pick<EventBus, 'listen'>, chatbotId: string, route: TRoute) {
  let byChatbot = routers.get(bus);
  if (!byChatbot) routers.set(bus, (byChatbot = new Map()));
  let router = byChatbot.get(chatbotId);
  if (!router) byChatbot.set(chatbotId, (router = new ChatbotRouter(bus, chatbotId)));
  router.add(route);
  const joined = router;
  return {
    router: joined,
    close: () => {
      if (joined.remove(route) && byChatbot.get(chatbotId) === joined) byChatbot.delete(chatbotId);
    },
  };
}

/**
 * The visitor's live stream across all their conversations. Subscribes to
 * the bus first (through the chatbot's router), then reads the backlog (the
 * messages after `lastEventId`, then the current conversation), then
 * streams, skipping messages the backlog already gave. Yields `[eventId,
 * event]` pairs, each to be sent as `tracked()`; the backlog ends with a
 * `ready` event.
 */
export async function* watchWidget(
  ctx: TWatchCtx,
  input: { lastEventId?: string | null; signal?: AbortSignal },
): AsyncGenerator<[string, TWidgetEvent]> {
  const live = eventQueue<BusEvent<TStreamed>>({ signal: input.signal });
  const conversationIds = new Set<string>();
  const route: TRoute = { visitorId: ctx.visitor.id, conversationIds, push: live.push };
  const { router, close } = openRoute(ctx.bus, ctx.chatbot.id, route);
  try {
    yield* streamOf(router);
  } finally {
    close();
  }

  async function* streamOf(router: ChatbotRouter): AsyncGenerator<[string, TWidgetEvent]> {
    const names = (operatorName: string | null) => ({ chatbotName: ctx.chatbot.name, operatorName });

    for (const row of await ctx.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.visitorId, ctx.visitor.id)))
      router.addConversation(route, row.id);
    router.known(route);

    let position: number;
    const resumeFrom = parseEventId(input.lastEventId);
    if (resumeFrom !== null) {
      position = resumeFrom;
      const missed = await ctx.db
        .select({ message: messages, operatorName: users.name })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .leftJoin(users, eq(users.id, messages.authorUserId))
        .where(and(eq(conversations.visitorId, ctx.visitor.id), gt(messages.seq, resumeFrom)))
        .orderBy(asc(messages.seq))
        .limit(MAX_REPLAY);
      for (const { message, operatorName } of missed) {
        position = Math.max(position, message.seq);
        yield [
          encodeEventId(position, message.id),
          { type: 'message.created', message: toWidgetMessage(presentStoredMessage(message, names(operatorName))) },
        ];
      }
      const [current] = await ctx.db
        .select({ conversation: conversations, operatorName: users.name })
        .from(conversations)
        .leftJoin(users, eq(users.id, conversations.assignedUserId))
        .where(and(eq(conversations.visitorId, ctx.visitor.id), inArray(conversations.status, ['open', 'pending'])))
        .orderBy(desc(conversations.createdAt))
        .limit(1);
      if (current) {
        const conversation = toWidgetConversation({ ...current.conversation, operatorName: current.operatorName });
        yield [encodeEventId(position, `c-${current.conversation.id}`), { type: 'conversation.updated', conversation }];
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
      const mapped = await toWidgetEvents(event);
      for (const widgetEvent of mapped) yield [encodeEventId(position, event.id), widgetEvent];
    }

    async function toWidgetEvents(event: BusEvent<TStreamed>): Promise<TWidgetEvent[]> {
      if (event.type === 'conversation.created') {
        if (event.payload.conversation.visitorId !== ctx.visitor.id) return [];
        router.addConversation(route, event.payload.conversationId);
      }
      if (!conversationIds.has(event.payload.conversationId)) return [];
      switch (event.type) {
        case 'message.created': {
          const { message } = event.payload;
          const seq = message.seq ?? 0;
          // Already given by the backlog (or by `history`, for a fresh stream).
          if (seq <= position) return [];
          position = seq;
          // Named as it was published.
          const created: TWidgetEvent = { type: 'message.created', message: toWidgetMessage(message) };
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
}
