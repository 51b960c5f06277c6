import { describe, expect, it } from 'vitest';
import { eventQueue } from './event-queue';

const drain = async <T>(iterable: AsyncIterable<T>) => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

describe('eventQueue', () => {
  it('keeps what is pushed before the reader asks, in order, then ends cleanly', async () => {
    const queue = eventQueue<number>();
    queue.push(1);
    queue.push(2);
    const read = drain(queue);
    queue.push(3);
    queue.end();
    queue.push(4);
    expect(await read).toEqual([1, 2, 3]);
  });

  it('ends when the signal aborts, even before the first read, and calls onEnd once', async () => {
    const controller = new AbortController();
    let ended = 0;
    const queue = eventQueue<string>({ signal: controller.signal, onEnd: () => (ended += 1) });
    queue.push('kept');
    controller.abort();
    expect(await drain(queue)).toEqual(['kept']);
    expect(ended).toBe(1);

    const aborted = eventQueue<string>({ signal: AbortSignal.abort(), onEnd: () => (ended += 1) });
    aborted.push('dropped');
    expect(await drain(aborted)).toEqual([]);
    expect(ended).toBe(2);
  });

  it('ends when the reader stops early', async () => {
    let ended = false;
    const queue = eventQueue<number>({ onEnd: () => (ended = true) });
    queue.push(1);
    queue.push(2);
    for await (const item of queue) if (item === 1) break;
    expect(ended).toBe(true);
  });
});
