import { useRef } from 'preact/hooks';
import type { TConnection } from './connection';

const TYPING_EVERY_MS = 3000;
const TYPING_IDLE_MS = 4000;

/** Tells the team the visitor is typing: at most every few seconds, and "stopped" after a pause or a send. */
export const useTyping = (options: { conn: TConnection; isStarted: boolean }) => {
  const { conn } = options;
  const typingState = useRef({ sentAt: 0, timer: 0 as ReturnType<typeof setTimeout> | 0 });
  const stopTyping = () => {
    const typing = typingState.current;
    if (typing.timer) clearTimeout(typing.timer);
    typing.timer = 0;
    if (typing.sentAt) {
      typing.sentAt = 0;
      void conn.client.widget.typing.mutate({ isTyping: false }).catch(() => undefined);
    }
  };
  const onTyping = () => {
    if (!options.isStarted) return;
    const typing = typingState.current;
    if (Date.now() - typing.sentAt > TYPING_EVERY_MS) {
      typing.sentAt = Date.now();
      void conn.client.widget.typing.mutate({ isTyping: true }).catch(() => undefined);
    }
    if (typing.timer) clearTimeout(typing.timer);
    typing.timer = setTimeout(stopTyping, TYPING_IDLE_MS);
  };
  return { onTyping, stopTyping };
};
