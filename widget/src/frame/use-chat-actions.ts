import { useState } from 'preact/hooks';
import { endConversation, setFeedback, type TChatState } from './chat-state';
import { MAX_LENGTH } from './composer';
import type { TConnection } from './connection';
import { errorSentence } from './errors';
import type { TStrings } from './i18n';
import type { TOutbox, TOutboxItem } from './outbox';
import type { TFeedback, TWidgetMessage } from './types';
import type { TUpdateChat } from './use-chat';

/**
 * What the visitor does: send (through the outbox), retry, rate an answer,
 * ask for a person, end and rate the conversation. A failure the visitor
 * should read becomes the `notice`.
 */
export const useChatActions = (options: {
  t: TStrings;
  conn: TConnection;
  outbox: TOutbox;
  chatRef: { current: TChatState };
  update: TUpdateChat;
  ensureStarted: () => Promise<void>;
  stickToBottom: () => void;
  stopTyping: () => void;
}) => {
  const { t, conn, outbox, update, ensureStarted } = options;
  const [notice, setNotice] = useState<string | null>(null);

  const send = (text: string) => {
    const content = text.trim().slice(0, MAX_LENGTH);
    if (!content) return false;
    const item = outbox.add(content);
    options.stickToBottom();
    update((state) => ({ ...state, pending: [...state.pending, item] }));
    options.stopTyping();
    ensureStarted()
      .then(() => outbox.flush())
      .catch(() => undefined);
    return true;
  };

  const isQueued = (item: TOutboxItem) => outbox.list().some((queued) => queued.clientId === item.clientId);

  const retry = (item: TOutboxItem) => {
    update((state) => {
      const { [item.clientId]: _, ...failed } = state.failed;
      return { ...state, failed };
    });
    if (!isQueued(item)) return;
    void outbox.flush();
  };

  const rate = (message: TWidgetMessage, feedback: TFeedback) => {
    const next = message.feedback === feedback ? null : feedback;
    update((state) => setFeedback(state, message.id, next));
    conn.client.widget.rate.mutate({ messageId: message.id, feedback: next }).catch(() => {
      update((state) => setFeedback(state, message.id, message.feedback));
    });
  };

  const requestHuman = () => {
    ensureStarted()
      .then(() => conn.client.widget.requestHuman.mutate({}))
      .then((conversation) => update((state) => ({ ...state, conversation })))
      .catch((error: unknown) => setNotice(errorSentence(error, t)));
  };

  /** The visitor's address for the team's reply, after "nobody is online". */
  const leaveEmail = async (email: string, wantsTranscript: boolean) => {
    try {
      const conversation = await conn.client.widget.leaveEmail.mutate({ email, wantsTranscript });
      update((state) => ({ ...state, conversation }));
      return true;
    } catch (error) {
      setNotice(errorSentence(error, t));
      return false;
    }
  };

  /**
   * Ends the conversation on the server (resolved) but keeps it on screen: the
   * visitor rates it and can still read it until they start a new chat.
   */
  const end = async () => {
    const current = options.chatRef.current.conversation;
    try {
      // A conversation the team already resolved needs no ending on the server.
      if (current?.status !== 'resolved') await conn.client.widget.reset.mutate({});
    } catch (error) {
      setNotice(errorSentence(error, t));
      return false;
    }
    outbox.clear();
    update((state) => ({
      ...state,
      pending: [],
      conversation: state.conversation ? { ...state.conversation, status: 'resolved' } : null,
    }));
    return true;
  };

  /** Clears the window for a new conversation; the ended one's messages stay away, even when replayed. */
  const startNew = () => {
    outbox.clear();
    update((state) => endConversation(state));
  };

  const submitRating = async (rating: number, comment: string) => {
    try {
      await conn.client.widget.rateConversation.mutate({
        rating: rating as 1 | 2 | 3 | 4 | 5,
        comment: comment.trim() || undefined,
      });
      update((state) => ({
        ...state,
        conversation: state.conversation ? { ...state.conversation, rating } : null,
      }));
    } catch (error) {
      setNotice(errorSentence(error, t));
    }
  };

  return {
    notice,
    clearNotice: () => setNotice(null),
    send,
    isQueued,
    retry,
    rate,
    requestHuman,
    leaveEmail,
    end,
    startNew,
    submitRating,
  };
};
