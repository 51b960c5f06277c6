import { EventEmitter, on } from 'node:events';

/**
 * A push-fed async iterable: what is pushed before the reader asks is kept,
 * in order; it ends cleanly (no AbortError) once `end()` is called or the
 * signal aborts, after handing out what was already pushed. Node's
 * `events.on` does the buffering; `onEnd` runs once, when it ends.
 */
export function eventQueue<T>(options: { signal?: AbortSignal; onEnd?: () => void } = {}) {
  const emitter = new EventEmitter();
  // Made first, so an end that comes before the first read still ends it.
  const items = on(emitter, 'item', { close: ['end'] });
  let isDone = false;
  const end = () => {
    if (isDone) return;
    isDone = true;
    options.signal?.removeEventListener('abort', end);
    emitter.emit('end');
    options.onEnd?.();
  };
  if (options.signal?.aborted) end();
  else options.signal?.addEventListener('abort', end, { once: true });

  return {
    push: (item: T) => {
      if (!isDone) emitter.emit('item', item);
    },
    end,
    async *[Symbol.asyncIterator](): AsyncGenerator<T> {
      try {
        for await (const [item] of items) yield item as T;
      } finally {
        end();
      }
    },
  };
}
