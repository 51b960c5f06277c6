import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { chatbots, users } from '../../../db/schema';
import { deliverDerived, type BusEvent, type EventBus } from '../../events/bus';
import { presentMessageWithAuthor, type TAuthorNames } from '../conversations/message-view';
import { toInboxMessage, type TInboxMessage } from './present';

/** What the operator side hears live: the conversations' events, and the team's own (presence, notes, notifications). */
export const INBOX_EVENTS = [
  'message.created',
  'answer.delta',
  'answer.cancelled',
  'message.feedback',
  'typing',
  'conversation.created',
  'conversation.updated',
  'visitor.updated',
  'note.created',
  'presence',
  'notification',
] as const;

export type TInboxEventType = (typeof INBOX_EVENTS)[number];

type TMessageCreated = BusEvent<'message.created'>;

/** `message.created` as the team gets it: the message in the inbox's view, its author named. */
export type TInboxMessageCreated = Omit<TMessageCreated, 'payload'> & {
  payload: Omit<TMessageCreated['payload'], 'message'> & { message: TInboxMessage };
};

export type TInboxEvent = Exclude<BusEvent<TInboxEventType>, { type: 'message.created' }> | TInboxMessageCreated;

/**
 * The workspace's conversation events, live, as published (the `type`
 * tells the payload apart), except that a new message comes in the
 * inbox's view. Only this workspace's: every payload names its workspace
 * and the filter compares it. No backlog is replayed yet: the inbox
 * reloads its lists on (re)connect.
 */
export async function* watchInbox(
  ctx: { db: Db; bus: Pick<EventBus, 'subscribe'>; workspace: { id: string } },
  input: { signal?: AbortSignal },
): AsyncGenerator<TInboxEvent> {
  const events = ctx.bus.subscribe<TInboxEventType>([...INBOX_EVENTS], {
    signal: input.signal,
    filter: (event) => event.payload.workspaceId === ctx.workspace.id,
  });
  for await (const event of events) yield event.type === 'message.created' ? presentCreated(ctx.db, event) : event;
}

/**
 * One presented copy per bus event, shared by every member's subscription
 * in this process (so its names are read once, and the transformer
 * serialises it once for all of them).
 */
const presented = new WeakMap<TMessageCreated, Promise<TInboxMessageCreated>>();

function presentCreated(db: Db, event: TMessageCreated) {
  let copy = presented.get(event);
  if (!copy) {
    copy = authorNames(db, event.payload).then((names) =>
      deliverDerived({
        ...event,
        payload: { ...event.payload, message: toInboxMessage(presentMessageWithAuthor(event.payload.message, names)) },
      }),
    );
    presented.set(event, copy);
  }
  return copy;
}

const NO_NAMES: TAuthorNames = { chatbotName: null, operatorName: null };

/** Bus events carry ids; the team is shown names, read as the message goes out. */
async function authorNames(db: Db, payload: TMessageCreated['payload']): Promise<TAuthorNames> {
  const { message } = payload;
  if (message.role === 'bot') {
    const [chatbot] = await db.select({ name: chatbots.name }).from(chatbots).where(eq(chatbots.id, payload.chatbotId));
    return { ...NO_NAMES, chatbotName: chatbot?.name ?? null };
  }
  if (message.role === 'operator' && message.authorUserId) {
    const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, message.authorUserId));
    return { ...NO_NAMES, operatorName: user?.name ?? null };
  }
  return NO_NAMES;
}
