import { tokenKey, type TConnection } from './connection';
import type { THostBridge } from './host';
import type { TStorage } from './outbox';

/**
 * "Delete my history" and the host page's `Parley('forget')`: erases the
 * visitor on the server (their token then resolves to nothing), clears what
 * this frame and the host page keep (token, unsent messages, unread mark),
 * and reloads the frame, which starts afresh as a new visitor.
 */
export const useForget = (options: {
  conn: TConnection;
  storage: TStorage | null;
  publicKey: string;
  host: THostBridge;
  /** Resolves once the host page handed over its token: the one to erase. */
  hostToken: Promise<void>;
}) => {
  const { conn, storage, publicKey, host } = options;
  return async () => {
    await options.hostToken;
    if (conn.hasToken()) await conn.client.widget.forget.mutate();
    for (const key of [tokenKey(publicKey), `parley:${publicKey}:outbox`, `parley:${publicKey}:seen`]) {
      try {
        storage?.removeItem(key);
      } catch {
        // Blocked storage held nothing.
      }
    }
    host.post({ type: 'forgotten' });
    window.location.reload();
  };
};
