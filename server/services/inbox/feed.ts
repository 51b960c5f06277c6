import { deliverDerived, type BusEvent, type EventBus } from '../../events/bus';
import { resumableStream } from '../../events/journal';
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
  'conversation.deleted',
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
 * What the team's views are rebuilt from after a gap: the rest (answer
 * pieces, cancellations, typing, presence) only matters live, and the
 * finished message replaces an answer's pieces.
 */
const REPLAYED = [
  'message.created',
  'message.feedback',
  'conversation.created',
  'conversation.updated',
  'conversation.deleted',
  'visitor.updated',
  'note.created',
  'notification',
] as const satisfies readonly TInboxEventType[];

/** Ends the backlog of every subscription: `isResumed` false means the client must read its views again. */
export type TInboxReady = { id: string; type: 'ready'; payload: { isResumed: boolean }; publishedAt: Date };

/**
 * The workspace's conversation events as published (the `type` tells the
 * payload apart), except that a new message comes in the inbox's view.
 * Only this workspace's: every payload names its workspace and the filter
 * compares it. Yields `[eventId, event]` pairs, each to be sent as
 * `tracked()`: after a reconnect with the last id, the events missed
 * meanwhile come first (server/events/journal.ts), then `ready`.
 */
export async function* watchInbox(
  ctx: { bus: Pick<EventBus, 'root'>; workspace: { id: string } },
  input: { lastEventId?: string | null; signal?: AbortSignal },
): AsyncGenerator<[string, TInboxEvent | TInboxReady]> {
  const stream = resumableStream<TInboxEventType>(ctx.bus, {
    types: INBOX_EVENTS,
    kept: REPLAYED,
    filter: (event) => event.payload.workspaceId === ctx.workspace.id,
    lastEventId: input.lastEventId,
    signal: input.signal,
  });
  for await (const item of stream) {
    if ('ready' in item) {
      yield [item.id, { id: item.id, type: 'ready', payload: item.ready, publishedAt: new Date() }];
      continue;
    }
    const { event } = item;
    yield [item.id, event.type === 'message.created' ? presentCreated(event) : event];
  }
}

/**
 * One presented copy per bus event, shared by every member's subscription
 * in this process (so the transformer serialises it once for all of them).
 */
const presented = new WeakMap<TMessageCreated, TInboxMessageCreated>();

function presentCreated(event: TMessageCreated) {
  let copy = presented.get(event);
  if (!copy) {
    // Named as it was published: no lookup per event.
    copy = deliverDerived({ ...event, payload: { ...event.payload, message: toInboxMessage(event.payload.message) } });
    presented.set(event, copy);
  }
  return copy;
}
