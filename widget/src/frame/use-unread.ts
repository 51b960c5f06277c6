import { useEffect, useRef } from 'preact/hooks';
import { unreadCount, type TChatState } from './chat-state';
import type { TConnection } from './connection';
import type { THostBridge } from './host';
import type { TStorage } from './outbox';

export const timeOf = (date: Date | string) => new Date(date).getTime();

/**
 * The unread badge while closed; "seen" and markRead while open. When the
 * visitor last had the chat open on the newest message is kept across pages
 * in storage.
 */
export const useUnread = (options: {
  chat: TChatState;
  visible: boolean;
  isStarted: boolean;
  storage: TStorage | null;
  publicKey: string;
  conn: TConnection;
  host: THostBridge;
}) => {
  const { chat, visible, isStarted, storage, conn, host } = options;
  const seenKey = `parley:${options.publicKey}:seen`;
  const seen = useRef<number | null>(null);
  const readSeen = () => {
    if (seen.current === null) {
      try {
        seen.current = Number(storage?.getItem(seenKey) ?? 0) || 0;
      } catch {
        seen.current = 0;
      }
    }
    return seen.current;
  };

  const newest = chat.messages[chat.messages.length - 1];
  useEffect(() => {
    if (!newest) return;
    if (visible) {
      seen.current = timeOf(newest.createdAt);
      try {
        storage?.setItem(seenKey, String(seen.current));
      } catch {
        // Without storage the badge just counts from this page view.
      }
      host.post({ type: 'unread', count: 0 });
      if (isStarted && newest.role !== 'visitor') void conn.client.widget.markRead.mutate({}).catch(() => undefined);
    } else {
      host.post({ type: 'unread', count: unreadCount(chat, readSeen()) });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [newest?.id, visible, isStarted]);
};
