import type { BusEvent, EventBus } from '../../events/bus';

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
export type TInboxEvent = BusEvent<TInboxEventType>;

/**
 * The workspace's conversation events, live, as published (the `type`
 * tells the payload apart). Only this workspace's: every payload names its
 * workspace and the filter compares it. No backlog is replayed yet: the
 * inbox reloads its lists on (re)connect.
 */
export function watchInbox(
  ctx: { bus: Pick<EventBus, 'subscribe'>; workspace: { id: string } },
  input: { signal?: AbortSignal },
) {
  return ctx.bus.subscribe<TInboxEventType>([...INBOX_EVENTS], {
    signal: input.signal,
    filter: (event) => event.payload.workspaceId === ctx.workspace.id,
  });
}
