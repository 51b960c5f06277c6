import { describe, expect, it } from 'vitest';
import type { BusEvent, EventBus } from './bus';
import { resumableStream, type TStreamItem } from './journal';

/** A bus that delivers what the test hands it, to every listener, in order. */
function fakeBus() {
  const listeners = new Set<(event: BusEvent) => void>();
  const bus = {
    listen: (_types: unknown, onEvent: (event: BusEvent) => void) => void listeners.add(onEvent),
    get root() {
      return bus as unknown as EventBus;
    },
  };
  let n = 0;
  const deliver = (type: 'message.created' | 'typing', conversationId: string) => {
    const event = { id: `e${++n}`, type, payload: { conversationId }, publishedAt: new Date() } as unknown as BusEvent;
    for (const listener of listeners) listener(event);
    return event.id;
  };
  return { bus, deliver };
}

const open = (bus: ReturnType<typeof fakeBus>['bus'], lastEventId: string | null, signal: AbortSignal) => {
  const items: TStreamItem<'message.created' | 'typing'>[] = [];
  const stream = resumableStream(bus, {
    types: ['message.created', 'typing'],
    kept: ['message.created'],
    filter: (event) => (event.payload as { conversationId: string }).conversationId === 'c1',
    lastEventId,
    signal,
  });
  void (async () => {
    for await (const item of stream) items.push(item);
  })();
  return items;
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const shown = (items: TStreamItem<'message.created' | 'typing'>[]) =>
  items.map((item) => ('ready' in item ? `ready:${item.ready.isResumed}` : item.event.id));

describe('resumableStream', () => {
  it('resumes after the last id it gave, with the kept events of its filter, each once', async () => {
    const { bus, deliver } = fakeBus();
    const first = new AbortController();
    const before = open(bus, null, first.signal);
    await settle();
    deliver('message.created', 'c1');
    deliver('typing', 'c1');
    await settle();
    expect(shown(before)).toEqual(['ready:false', 'e1', 'e2']);
    first.abort();
    const lastEventId = before.at(-1)!.id;

    // The gap: kept and live-only events, this conversation's and another's.
    deliver('message.created', 'c2');
    deliver('typing', 'c1');
    deliver('message.created', 'c1');
    const again = new AbortController();
    const after = open(bus, lastEventId, again.signal);
    await settle();
    deliver('message.created', 'c1');
    await settle();
    again.abort();
    expect(shown(after)).toEqual(['e5', 'ready:true', 'e6']);
  });

  it('says it cannot resume from an id it does not hold, and resumes a fresh stream from its ready', async () => {
    const { bus, deliver } = fakeBus();
    const controller = new AbortController();
    const stranger = open(bus, 'j1.e-unknown.x', controller.signal);
    await settle();
    expect(shown(stranger)).toEqual(['ready:false']);
    controller.abort();

    // A ready given before the journal heard anything resumes from its start.
    const gap = new AbortController();
    deliver('message.created', 'c1');
    const resumed = open(bus, stranger[0]!.id, gap.signal);
    await settle();
    gap.abort();
    expect(shown(resumed)).toEqual(['e1', 'ready:true']);
  });
});
