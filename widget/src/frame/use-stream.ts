import { useRef } from 'preact/hooks';
import { applyEvent, upsertMessages } from './chat-state';
import type { TConnection } from './connection';
import type { THostBridge } from './host';
import type { TUpdateChat } from './use-chat';

/**
 * The conversation coming in: history pages and the live events (messages,
 * answers streaming token by token, typing), folded into the chat state.
 * New messages are told to the host page once.
 */
export const useStream = (options: { conn: TConnection; host: THostBridge; update: TUpdateChat }) => {
  const { conn, host, update } = options;
  /** Messages already told to the host page (history and replays are not news). */
  const announced = useRef(new Set<string>());

  const loadHistory = async (before: string | null) => {
    const page = await conn.client.widget.history.query({ before, limit: 30 });
    update((state) => {
      const next = upsertMessages(state, page.messages);
      return {
        ...next,
        conversation: before ? next.conversation : page.conversation,
        hasMore: page.hasMore,
        nextBefore: page.nextBefore,
      };
    });
    for (const message of page.messages) announced.current.add(message.id);
    return page;
  };

  /** From `lastEventId` on (the history's cursor, so nothing between reading it and subscribing is lost). */
  const subscribe = (lastEventId: string | null) => {
    conn.client.widget.onEvent.subscribe(
      { lastEventId },
      {
        onData: (tracked) => {
          const event = tracked.data;
          update((state) => applyEvent(state, event));
          if (event.type === 'message.created' && !announced.current.has(event.message.id)) {
            announced.current.add(event.message.id);
            const { id, role, content, authorName, createdAt } = event.message;
            host.post({
              type: 'message',
              message: { id, role, content, authorName, createdAt: new Date(createdAt).toISOString() },
            });
          }
        },
        onError: () => undefined,
      },
    );
  };

  return { loadHistory, subscribe };
};
