/**
 * The typed event map. Each domain adds its own events by augmenting this
 * interface from its module (declaration merging is why it is an interface):
 *
 *   declare module './types' {
 *     interface ParleyEvents { 'message.created': { conversationId: string; ... } }
 *   }
 *
 * Payloads travel as superjson, so Dates and the like survive.
 */
export interface ParleyEvents {
  /** A short notice for everyone using the web app (e.g. a process restarting). */
  'system.notice': {
    level: 'info' | 'warning';
    message: string;
    /** A stored banner (published from the admin panel): shown until `endsAt`; republished with a past `endsAt` when ended early. */
    noticeId?: string;
    endsAt?: Date;
  };
}

export type EventType = keyof ParleyEvents;

export type BusEvent<K extends EventType = EventType> = {
  [T in K]: {
    /** Unique per published event. */
    id: string;
    type: T;
    payload: ParleyEvents[T];
    publishedAt: Date;
  };
}[K];
