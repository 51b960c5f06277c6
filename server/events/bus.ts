import { randomUUID } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import type { SuperJSONResult } from 'superjson';
import type { Database, Db } from '../../db/client';
import { eventPayloads } from '../../db/schema';
import type { Logger } from '../logger';
import { deserialize, serialize } from '../superjson-fast';
import { eventQueue } from './event-queue';
import type { BusEvent, EventType, ParleyEvents } from './types';

export type { BusEvent, EventType, ParleyEvents } from './types';

const CHANNEL = 'parley_events';

/**
 * Every event the bus delivers: one object handed to every listener, so
 * nobody may change it. What holds that can serialise it once for all the
 * subscriptions that send it on (see the tRPC transformer).
 */
const deliveredEvents = new WeakSet<object>();
export const isDeliveredEvent = (value: unknown): value is BusEvent =>
  typeof value === 'object' && value !== null && deliveredEvents.has(value);
/**
 * An event made once from a delivered one (the same event in a channel's
 * view) and handed to every subscriber like it: it is frozen in the same
 * way, and serialised once too.
 */
export const deliverDerived = <T extends object>(event: T): T => {
  deliveredEvents.add(event);
  return event;
};
/** Postgres refuses NOTIFY payloads of 8000 bytes or more; keep a margin. */
export const NOTIFY_LIMIT_BYTES = 7900;

type Wire = { i: string; t: EventType; a: number; p?: SuperJSONResult; r?: number };

export type PublishOptions = {
  /**
   * The transaction the event belongs to. Postgres delivers a NOTIFY issued
   * inside a transaction only when it commits (and never if it rolls back),
   * so publishing inside the transaction that wrote the data is "publish
   * after commit" without any bookkeeping of our own.
   */
  tx?: Db;
};

export type SubscribeOptions<K extends EventType> = {
  signal?: AbortSignal;
  filter?: (event: BusEvent<K>) => boolean;
};

/** One event to publish: its type and payload. */
export type TPublished = { [K in EventType]: { type: K; payload: ParleyEvents[K] } }[EventType];

export type EventBus = {
  publish: <K extends EventType>(type: K, payload: ParleyEvents[K], options?: PublishOptions) => Promise<string>;
  /**
   * Publishes several events with one NOTIFY statement, in the given order
   * (a batch of writes in one transaction announcing what it stored).
   */
  publishMany: (events: TPublished[], options?: PublishOptions) => Promise<string[]>;
  /**
   * Listens from the moment of the call (not from the first `next()`), so a
   * caller can subscribe, then read its backlog from the database, then stream
   * without a gap. Ends when the signal aborts.
   */
  subscribe: <K extends EventType>(types: K[], options?: SubscribeOptions<K>) => AsyncIterable<BusEvent<K>>;
  /**
   * Calls `onEvent` for each event of the given types as it arrives, in
   * order, until the signal aborts: for a router that hands events on to
   * many streams itself (one listener instead of one per stream).
   */
  listen: <K extends EventType>(
    types: K[],
    onEvent: (event: BusEvent<K>) => void,
    options: { signal: AbortSignal },
  ) => void;
  /**
   * The bus itself, also from a view of it (a subscription's guarded copy,
   * whose listeners end with the subscription): what outlives one
   * subscription, like a journal, listens here and is keyed by it.
   */
  root: EventBus;
  /** Deletes stored large payloads older than the given age; returns how many. */
  prune: (olderThanMinutes: number) => Promise<number>;
  close: () => Promise<void>;
};

/**
 * The typed event bus on Postgres LISTEN/NOTIFY: every process sharing one
 * Postgres receives every event. On the embedded PGlite the same NOTIFY is
 * delivered through PGlite's in-process `listen`.
 */
export async function createEventBus(database: Database, log: Logger): Promise<EventBus> {
  // Each live subscription: its listener and how to end it.
  const listeners = new Map<(event: BusEvent) => void, () => void>();
  // Notifications are decoded one after another so that a large payload read
  // from the table cannot be overtaken by a later, small one.
  let decoding: Promise<void> = Promise.resolve();

  const decode = async (raw: string): Promise<BusEvent | null> => {
    const wire = JSON.parse(raw) as Wire;
    let serialized = wire.p;
    if (wire.r !== undefined) {
      const [row] = await database.db
        .select({ payload: eventPayloads.payload })
        .from(eventPayloads)
        .where(eq(eventPayloads.id, wire.r));
      if (!row) return null;
      serialized = row.payload as SuperJSONResult;
    }
    if (serialized === undefined) return null;
    // Parsed just now for this event alone: read in place.
    const payload = deserialize(serialized);
    return { id: wire.i, type: wire.t, payload, publishedAt: new Date(wire.a) } as BusEvent;
  };

  const unlisten = await database.listen(CHANNEL, (raw) => {
    decoding = decoding.then(async () => {
      try {
        const event = await decode(raw);
        if (!event) return;
        deliveredEvents.add(event);
        for (const listener of [...listeners.keys()]) listener(event);
      } catch (err) {
        log.error({ err }, 'could not decode an event');
      }
    });
  });

  /** What goes out on the channel for one event: the payload itself, or a reference to it when too large. */
  const wireOf = async (on: Db, type: EventType, payload: unknown) => {
    const id = randomUUID();
    const serialized = serialize(payload);
    let wire: Wire = { i: id, t: type, a: Date.now(), p: serialized };
    if (Buffer.byteLength(JSON.stringify(wire)) > NOTIFY_LIMIT_BYTES) {
      const [row] = await on
        .insert(eventPayloads)
        .values({ type, payload: serialized })
        .returning({ id: eventPayloads.id });
      wire = { i: id, t: type, a: wire.a, r: row!.id };
    }
    return { id, wire: JSON.stringify(wire) };
  };

  const publish: EventBus['publish'] = async (type, payload, options = {}) => {
    const on = options.tx ?? database.db;
    const { id, wire } = await wireOf(on, type, payload);
    await on.execute(sql`select pg_notify(${CHANNEL}, ${wire})`);
    return id;
  };

  const publishMany: EventBus['publishMany'] = async (events, options = {}) => {
    if (events.length === 1) return [await publish(events[0]!.type, events[0]!.payload, options)];
    const on = options.tx ?? database.db;
    const wires: { id: string; wire: string }[] = [];
    for (const event of events) wires.push(await wireOf(on, event.type, event.payload));
    if (wires.length === 0) return [];
    // One array parameter (as JSON, which every driver passes the same way); NOTIFYs go out in its order.
    await on.execute(
      sql`select pg_notify(${CHANNEL}, wire) from json_array_elements_text(${JSON.stringify(wires.map((w) => w.wire))}::json) as wire`,
    );
    return wires.map((w) => w.id);
  };

  const subscribe = <K extends EventType>(types: K[], options: SubscribeOptions<K> = {}) => {
    const wanted = new Set<EventType>(types);
    const listener = (event: BusEvent) => {
      if (!wanted.has(event.type)) return;
      const typed = event as BusEvent<K>;
      if (options.filter && !options.filter(typed)) return;
      queue.push(typed);
    };
    const queue = eventQueue<BusEvent<K>>({ signal: options.signal, onEnd: () => listeners.delete(listener) });
    if (!options.signal?.aborted) listeners.set(listener, queue.end);
    return queue;
  };

  const listen: EventBus['listen'] = (types, onEvent, options) => {
    if (options.signal.aborted) return;
    const wanted = new Set<EventType>(types);
    const listener = (event: BusEvent) => {
      if (wanted.has(event.type)) onEvent(event as Parameters<typeof onEvent>[0]);
    };
    const stop = () => listeners.delete(listener);
    listeners.set(listener, stop);
    options.signal.addEventListener('abort', stop, { once: true });
  };

  const bus: EventBus = {
    publish,
    publishMany,
    subscribe,
    listen,
    get root() {
      return bus;
    },
    prune: async (olderThanMinutes) => {
      const cutoff = new Date(Date.now() - olderThanMinutes * 60_000);
      const deleted = await database.db
        .delete(eventPayloads)
        .where(lt(eventPayloads.createdAt, cutoff))
        .returning({ id: eventPayloads.id });
      return deleted.length;
    },
    close: async () => {
      for (const stop of [...listeners.values()]) stop();
      await unlisten();
      await decoding;
    },
  };
  return bus;
}
