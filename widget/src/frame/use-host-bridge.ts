import { useMemo, useRef } from 'preact/hooks';
import type { TToFrame } from '../protocol';
import type { TConnection } from './connection';
import { createHostBridge } from './host';

/** The postMessage channel with the loader (host.ts); messages go to the newest `onMessage`. */
export const useHostBridge = (options: { hostOrigin: string | null; onMessage: (message: TToFrame) => void }) => {
  const onMessage = useRef(options.onMessage);
  onMessage.current = options.onMessage;
  return useMemo(
    () => createHostBridge({ hostOrigin: options.hostOrigin, onMessage: (m) => onMessage.current(m) }),
    [options.hostOrigin],
  );
};

type THostData = { identify?: Record<string, unknown>; context?: Record<string, unknown> };

/**
 * What the host page said about the visitor (`identify`, `setContext`): held
 * until the session has started, then sent to the server; newer replaces older.
 */
export const useHostData = (conn: TConnection) => {
  const pending = useRef<THostData>({});
  const hold = (data: THostData) => Object.assign(pending.current, data);
  const send = () => {
    const { identify, context } = pending.current;
    pending.current = {};
    if (identify) {
      const { name, email, ...rest } = identify;
      const traits = Object.fromEntries(
        Object.entries(rest).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v)),
      ) as Record<string, string | number | boolean | null>;
      void conn.client.widget.identify
        .mutate({
          // Only what the host page said: a missing name must not clear the stored one.
          name: typeof name === 'string' ? name : undefined,
          email: typeof email === 'string' ? email : undefined,
          traits,
        })
        .catch(() => undefined);
    }
    if (context) {
      void conn.client.widget.setContext
        .mutate({ context: context as Record<string, string | number | boolean | null> })
        .catch(() => undefined);
    }
  };
  return { hold, send };
};
