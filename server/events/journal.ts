import { randomUUID } from 'node:crypto';
import type { BusEvent, EventBus, EventType } from './bus';
import { eventQueue } from './event-queue';

/**
 * Resumable streams for the team's live views (the inbox, the playground).
 *
 * A journal keeps the recent events of some types as this process heard
 * them, in the order the bus delivered them (commit order, the same in
 * every process). Every event a stream yields is tracked with an id that
 * names the last journaled event before it; the tRPC client sends the
 * last id back when it reconnects, and the stream replays what it missed
 * from the journal before going live. Registering a stream and copying
 * what it missed happen in one synchronous step, so nothing falls between
 * the replay and the live events, and nothing comes twice.
 *
 * A journal holds a bounded window (MAX_EVENTS, MAX_AGE_MS): a client away
 * longer, or back on a process that never heard its last event (restarted,
 * or started since), is told to read its views again (`isResumed: false`).
 */

const MAX_EVENTS = 5_000;
const MAX_AGE_MS = 10 * 60_000;

/** `j1.<anchor>.<suffix>`: the anchor is the last journaled event's id, or the journal's origin. */
export const encodeJournalId = (anchor: string, suffix: string) => `j1.${anchor}.${suffix}`;

export const parseJournalId = (id: string | null | undefined): string | null =>
  /^j1\.([\w-]{1,80})\./.exec(id ?? '')?.[1] ?? null;

type TListener = (event: BusEvent, anchor: string) => void;

class Journal {
  /** Stands for "before anything this journal heard": valid while it has dropped nothing. */
  private readonly origin = `o-${randomUUID()}`;
  private entries: { event: BusEvent; heardAt: number }[] = [];
  private hasDropped = false;
  private readonly listeners = new Set<TListener>();

  constructor(
    bus: Pick<EventBus, 'listen'>,
    types: readonly EventType[],
    private readonly kept: ReadonlySet<EventType>,
    signal: AbortSignal,
  ) {
    bus.listen([...types], (event) => this.hear(event), { signal });
  }

  get head() {
    return this.entries.at(-1)?.event.id ?? this.origin;
  }

  private hear(event: BusEvent) {
    if (this.kept.has(event.type)) {
      const now = Date.now();
      this.entries.push({ event, heardAt: now });
      let drop = Math.max(0, this.entries.length - MAX_EVENTS);
      while (drop < this.entries.length && this.entries[drop]!.heardAt < now - MAX_AGE_MS) drop++;
      if (drop > 0) {
        this.entries = this.entries.slice(drop);
        this.hasDropped = true;
      }
    }
    const anchor = this.head;
    for (const listener of this.listeners) listener(event, anchor);
  }

  /**
   * Registers a listener and returns, in the same step, the kept events
   * after `anchor` (each with its own id as anchor) — or null when the
   * journal no longer holds that point — and the current head.
   */
  open(listener: TListener, anchor: string | null) {
    let missed: BusEvent[] | null = null;
    if (anchor === this.origin && !this.hasDropped) missed = this.entries.map((entry) => entry.event);
    else if (anchor) {
      const at = this.entries.findLastIndex((entry) => entry.event.id === anchor);
      if (at >= 0) missed = this.entries.slice(at + 1).map((entry) => entry.event);
    }
    this.listeners.add(listener);
    return { missed, head: this.head, close: () => void this.listeners.delete(listener) };
  }
}

/** One journal per bus and set of types, made on first use and kept while the bus lives. */
const journals = new WeakMap<object, Map<string, Journal>>();

function journalFor(bus: EventBus, types: readonly EventType[], kept: readonly EventType[]) {
  let byTypes = journals.get(bus);
  if (!byTypes) journals.set(bus, (byTypes = new Map()));
  const key = `${types.join(',')}|${kept.join(',')}`;
  let journal = byTypes.get(key);
  if (!journal) {
    // Ends with the bus (`close` stops every listener), not with the subscription that made it.
    byTypes.set(key, (journal = new Journal(bus, types, new Set(kept), new AbortController().signal)));
  }
  return journal;
}

/** What a resumable stream yields: an event, or `ready` once its backlog is out. */
export type TStreamItem<K extends EventType> =
  | { id: string; event: BusEvent<K> }
  | {
      id: string;
      /**
       * The stream is live. `isResumed`: what was missed since `lastEventId`
       * came just before; otherwise (a fresh stream, or one the journal could
       * not resume) whatever the client read before this may be stale.
       */
      ready: { isResumed: boolean };
    };

/**
 * The events of `types` that pass `filter`, live from the moment the stream
 * starts, after those missed since `lastEventId` (of the `kept` types; the
 * others — answer pieces, typing — are only ever live). Ends with the signal.
 */
export async function* resumableStream<K extends EventType>(
  bus: Pick<EventBus, 'root'>,
  options: {
    types: readonly K[];
    kept: readonly K[];
    filter: (event: BusEvent<K>) => boolean;
    lastEventId?: string | null;
    signal?: AbortSignal;
  },
): AsyncGenerator<TStreamItem<K>> {
  const journal = journalFor(bus.root, options.types, options.kept);
  const live = eventQueue<TStreamItem<K>>({ signal: options.signal });
  const wanted = new Set<EventType>(options.types);
  const { missed, head, close } = journal.open((event, anchor) => {
    const typed = event as BusEvent<K>;
    if (wanted.has(event.type) && options.filter(typed))
      live.push({ id: encodeJournalId(anchor, event.id), event: typed });
  }, parseJournalId(options.lastEventId));
  try {
    for (const event of missed ?? []) {
      const typed = event as BusEvent<K>;
      if (wanted.has(event.type) && options.filter(typed))
        yield { id: encodeJournalId(event.id, event.id), event: typed };
    }
    yield { id: encodeJournalId(head, 'ready'), ready: { isResumed: missed !== null } };
    yield* live;
  } finally {
    close();
  }
}
