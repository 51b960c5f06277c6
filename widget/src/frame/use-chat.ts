import { useRef, useState } from 'preact/hooks';
import { emptyChat, type TChatState } from './chat-state';

export type TUpdateChat = (fn: (state: TChatState) => TChatState) => void;

/**
 * The chat's one state (chat-state.ts). `chatRef` is the newest state for
 * callbacks that outlive a render; `update` keeps it current as it goes.
 */
export const useChat = () => {
  const [chat, setChat] = useState<TChatState>(emptyChat);
  const chatRef = useRef(chat);
  chatRef.current = chat;
  const update: TUpdateChat = (fn) => setChat((state) => (chatRef.current = fn(state)));
  return { chat, chatRef, update };
};
