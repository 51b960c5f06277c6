/**
 * Items handed over by a listener, taken in order by one async reader,
 * until the queue ends (the signal aborts, or `end`): the reader then takes
 * what is already queued and stops.
 */
export function createQueue<T>(signal?: AbortSignal) {
  const items: T[] = [];
  let wake: (() => void) | null = null;
  let isDone = false;
  const end = () => {
    isDone = true;
    wake?.();
  };
  if (signal?.aborted) end();
  else signal?.addEventListener('abort', end, { once: true });
  return {
    /** Ends it like the signal does. */
    end,
    push: (item: T) => {
      if (isDone) return;
      items.push(item);
      wake?.();
    },
    async *[Symbol.asyncIterator]() {
      try {
        while (true) {
          const next = items.shift();
          if (next !== undefined) {
            yield next;
            continue;
          }
          if (isDone) return;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
        }
      } finally {
        end();
        signal?.removeEventListener('abort', end);
      }
    },
  };
}
