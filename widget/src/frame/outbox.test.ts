import { describe, expect, it } from 'vitest';
import { classifyError, createOutbox, type TOutboxItem, type TStorage } from './outbox';

const memoryStorage = (): TStorage & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
};

const closed = () => Object.assign(new Error('WebSocket closed'), { data: undefined });
const refused = (code: string, message: string) => Object.assign(new Error(message), { data: { code } });

/**
 * A server that stores each clientId once (the unique constraint) and can
 * drop the connection before or after storing, like a real one cut mid-send.
 */
const fakeServer = () => {
  const stored: { clientId: string; content: string }[] = [];
  let online = true;
  let dropNextReply = false;
  const send = async (item: TOutboxItem) => {
    await Promise.resolve();
    if (!online) throw closed();
    let message = stored.find((m) => m.clientId === item.clientId);
    if (!message) {
      message = { clientId: item.clientId, content: item.content };
      stored.push(message);
    }
    if (dropNextReply) {
      dropNextReply = false;
      online = false;
      throw closed(); // Stored, but the answer is lost with the connection.
    }
    return message;
  };
  return {
    stored,
    send,
    setOnline: (value: boolean) => void (online = value),
    dropNextReply: () => void (dropNextReply = true),
  };
};

describe('the offline queue', () => {
  it('keeps messages written while offline and sends them once each, in order, after reconnecting', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const sent: string[] = [];
    const outbox = createOutbox({ storage, key: 'q', send: server.send, onSent: (item) => sent.push(item.content) });

    server.setOnline(false);
    for (const text of ['one', 'two', 'three']) {
      outbox.add(text);
      await outbox.flush();
    }
    expect(server.stored).toEqual([]);
    expect(outbox.list().map((item) => item.content)).toEqual(['one', 'two', 'three']);

    server.setOnline(true);
    await outbox.flush();
    expect(server.stored.map((m) => m.content)).toEqual(['one', 'two', 'three']);
    expect(sent).toEqual(['one', 'two', 'three']);
    expect(outbox.list()).toEqual([]);
    expect(storage.data.has('q')).toBe(false);
  });

  it('resends a message whose reply was lost, and the server keeps it once', async () => {
    const server = fakeServer();
    const outbox = createOutbox({ storage: memoryStorage(), key: 'q', send: server.send });
    outbox.add('a');
    outbox.add('b');
    server.dropNextReply();
    await outbox.flush();
    expect(server.stored.map((m) => m.content)).toEqual(['a']);
    expect(outbox.list().map((item) => item.content)).toEqual(['a', 'b']); // 'a' is not known to be stored yet.

    server.setOnline(true);
    outbox.add('c');
    await outbox.flush();
    expect(server.stored.map((m) => m.content)).toEqual(['a', 'b', 'c']);
    expect(outbox.list()).toEqual([]);
  });

  it('survives a reload: the queue is in storage, with its client ids', async () => {
    const storage = memoryStorage();
    const first = createOutbox({ storage, key: 'q', send: () => Promise.reject(closed()) });
    const a = first.add('before reload');
    await first.flush();

    const server = fakeServer();
    const second = createOutbox({ storage, key: 'q', send: server.send });
    expect(second.list()).toEqual([a]);
    await second.flush();
    expect(server.stored).toEqual([{ clientId: a.clientId, content: 'before reload' }]);
  });

  it('never sends two at once and never overtakes, even when flushed repeatedly', async () => {
    const order: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const outbox = createOutbox({
      storage: memoryStorage(),
      key: 'q',
      send: async (item) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        order.push(item.content);
        inFlight--;
        return item;
      },
    });
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      outbox.add(`m${i}`);
      flushes.push(outbox.flush());
    }
    await Promise.all(flushes);
    await outbox.flush();
    expect(order).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    expect(maxInFlight).toBe(1);
  });

  it('holds the queue on a rate limit and drops a message the server refuses for good', async () => {
    const failures: [string, string][] = [];
    let limit = true;
    const stored: string[] = [];
    const outbox = createOutbox({
      storage: memoryStorage(),
      key: 'q',
      send: async (item) => {
        if (item.content === 'too long') throw refused('BAD_REQUEST', 'Keep it shorter.');
        if (limit) throw refused('TOO_MANY_REQUESTS', 'Slow down.');
        stored.push(item.content);
        return item;
      },
      onFailed: (item, _error, how) => failures.push([item.content, how]),
    });
    outbox.add('first');
    outbox.add('too long');
    outbox.add('last');
    await outbox.flush();
    expect(failures).toEqual([['first', 'hold']]);
    expect(outbox.list()).toHaveLength(3);

    limit = false;
    await outbox.flush();
    expect(stored).toEqual(['first', 'last']);
    expect(failures).toEqual([
      ['first', 'hold'],
      ['too long', 'drop'],
    ]);
    expect(outbox.list()).toEqual([]);
  });

  it('gives every message its own client id that the server accepts (8–64 of [\\w-])', () => {
    const outbox = createOutbox({ storage: null, key: 'q', send: async () => null });
    const ids = Array.from({ length: 50 }, () => outbox.add('x').clientId);
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[\w-]{8,64}$/);
  });

  it('tells a dropped connection from a refusal', () => {
    expect(classifyError(closed())).toBe('retry');
    expect(classifyError(new Error('x'))).toBe('retry');
    expect(classifyError(refused('TOO_MANY_REQUESTS', ''))).toBe('hold');
    expect(classifyError(refused('BAD_REQUEST', ''))).toBe('drop');
  });
});
