import { useMemo } from 'preact/hooks';
import { upsertMessages } from './chat-state';
import type { TConnection } from './connection';
import { errorSentence } from './errors';
import type { TStrings } from './i18n';
import { createOutbox, type TStorage } from './outbox';
import type { TUpdateChat } from './use-chat';

/** The visitor's unsent messages (outbox.ts), reporting sent and failed ones into the chat. */
export const useOutbox = (options: {
  conn: TConnection;
  storage: TStorage | null;
  publicKey: string;
  t: TStrings;
  update: TUpdateChat;
}) =>
  useMemo(() => {
    const { conn, t, update } = options;
    return createOutbox({
      storage: options.storage,
      key: `parley:${options.publicKey}:outbox`,
      send: (item) => conn.client.widget.send.mutate({ content: item.content, clientId: item.clientId }),
      onSent: (item, message) =>
        update((state) => {
          const { [item.clientId]: _, ...failed } = state.failed;
          return { ...upsertMessages(state, [message]), failed };
        }),
      onFailed: (item, error, how) => {
        if (how === 'retry') return;
        update((state) => ({ ...state, failed: { ...state.failed, [item.clientId]: errorSentence(error, t) } }));
      },
    });
    // One outbox for the frame's life, like its connection.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
