/**
 * The offline queue. Every visitor message gets a client id when it is
 * written and waits here, in localStorage, until the server has it. The queue
 * is sent one message at a time, in order; a message whose answer was lost
 * with the connection is simply sent again after reconnecting, and the server
 * returns the stored one for a clientId it has seen. So every message arrives
 * exactly once, in the order it was written, even across a reload.
 */

export type TOutboxItem = { clientId: string; content: string; createdAt: string };

export type TStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** How a failed send is handled. */
export type TSendFailure =
  /** The connection dropped: keep it, try again on the next flush. */
  | 'retry'
  /** The server refused for now (rate limit, a server error): keep it, stop, show why. */
  | 'hold'
  /** The server refused this message for good (too long, …): drop it, show why. */
  | 'drop';

/** TRPCClientErrors from the server carry a code; a dropped connection has none. */
export const classifyError = (error: unknown): TSendFailure => {
  const code = (error as { data?: { code?: string } } | null)?.data?.code;
  if (!code) return 'retry';
  if (code === 'TOO_MANY_REQUESTS' || code === 'INTERNAL_SERVER_ERROR' || code === 'TIMEOUT') return 'hold';
  return 'drop';
};

const newClientId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

export type TOutbox = ReturnType<typeof createOutbox>;

export const createOutbox = <TSent>(options: {
  storage: TStorage | null;
  key: string;
  send: (item: TOutboxItem) => Promise<TSent>;
  onSent?: (item: TOutboxItem, sent: TSent) => void;
  onFailed?: (item: TOutboxItem, error: unknown, how: TSendFailure) => void;
}) => {
  const { storage, key } = options;
  // Kept in memory too: storage may be unavailable (blocked third-party storage) or full.
  let memory: TOutboxItem[] = [];
  let flushing: Promise<void> | null = null;
  let again = false;

  const read = (): TOutboxItem[] => {
    if (!storage) return memory;
    try {
      const parsed = JSON.parse(storage.getItem(key) ?? '[]') as unknown;
      return Array.isArray(parsed) ? (parsed as TOutboxItem[]) : [];
    } catch {
      return memory;
    }
  };
  const write = (items: TOutboxItem[]) => {
    memory = items;
    if (!storage) return;
    try {
      if (items.length) storage.setItem(key, JSON.stringify(items));
      else storage.removeItem(key);
    } catch {
      // Storage full or blocked: the in-memory copy still works for this page.
    }
  };

  const list = () => read();

  const add = (content: string): TOutboxItem => {
    const item = { clientId: newClientId(), content, createdAt: new Date().toISOString() };
    write([...read(), item]);
    return item;
  };

  const remove = (clientId: string) => write(read().filter((item) => item.clientId !== clientId));

  /** Sends until the queue is empty (true) or a send failed and the rest must wait (false). */
  const drain = async (): Promise<boolean> => {
    for (;;) {
      const [head] = read();
      if (!head) return true;
      try {
        const sent = await options.send(head);
        remove(head.clientId);
        options.onSent?.(head, sent);
      } catch (error) {
        const how = classifyError(error);
        if (how === 'drop') remove(head.clientId);
        options.onFailed?.(head, error, how);
        if (how !== 'drop') return false;
      }
    }
  };

  /**
   * Sends what is queued, in order, one at a time. Calls while a flush runs
   * make it look again when it ends (a message added meanwhile is not left behind).
   */
  const flush = (): Promise<void> => {
    if (flushing) {
      again = true;
      return flushing;
    }
    flushing = (async () => {
      // A call made while this one ran (a reconnect, a new message) means: look again.
      do {
        again = false;
        await drain();
      } while (again);
    })().finally(() => {
      flushing = null;
    });
    return flushing;
  };

  const clear = () => write([]);

  return { add, list, remove, flush, clear };
};
