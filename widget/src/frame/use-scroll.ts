import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { streamText, type TChatState } from './chat-state';
import type { useStream } from './use-stream';

/**
 * The message list's scrolling: it follows new messages while the visitor is
 * at the bottom, loads older pages near the top, and keeps the visitor's
 * place when they arrive.
 */
export const useScroll = (options: {
  chat: TChatState;
  visible: boolean;
  isStarted: boolean;
  loadHistory: ReturnType<typeof useStream>['loadHistory'];
}) => {
  const { chat, visible, isStarted } = options;
  const listRef = useRef<HTMLDivElement>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const atBottom = useRef(true);
  const olderAnchor = useRef<number | null>(null);
  const streamsLength = Object.values(chat.streams).reduce((sum, s) => sum + streamText(s).length, 0);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (olderAnchor.current !== null) {
      list.scrollTop = list.scrollHeight - olderAnchor.current;
      olderAnchor.current = null;
    } else if (atBottom.current) {
      list.scrollTop = list.scrollHeight;
    }
  }, [chat.messages.length, chat.pending.length, streamsLength, chat.typing, visible]);

  const onScroll = () => {
    const list = listRef.current;
    if (!list) return;
    atBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    if (list.scrollTop < 60 && chat.hasMore && !loadingOlder && isStarted) {
      setLoadingOlder(true);
      olderAnchor.current = list.scrollHeight - list.scrollTop;
      options
        .loadHistory(chat.nextBefore)
        .catch(() => {
          olderAnchor.current = null;
        })
        .finally(() => setLoadingOlder(false));
    }
  };

  /** The visitor just sent something: show it, wherever they had scrolled. */
  const stickToBottom = () => {
    atBottom.current = true;
  };

  return { listRef, loadingOlder, onScroll, stickToBottom };
};
