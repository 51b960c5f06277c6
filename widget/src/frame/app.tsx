/**
 * The chat inside the frame. State lives in one `TChatState` (chat-state.ts,
 * pure and tested); the `use-*` hooks wire it to the WebSocket, the offline
 * queue and the host page, and the components draw it. This file puts them
 * together and decides which panel shows.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { TToFrame } from '../protocol';
import { isAwaitingBot } from './chat-state';
import { Composer } from './composer';
import { Header } from './header';
import { fill, pickLocale, STRINGS } from './i18n';
import { Icon } from './icons';
import { MessageList } from './message-list';
import { EmailOffer } from './email-offer';
import { EndConfirm, Rating, Thanks } from './panels';
import { safeStorage } from './storage';
import { applyTheme } from './theme';
import type { TFrameBoot } from './types';
import { useChat } from './use-chat';
import { useChatActions } from './use-chat-actions';
import { useConnection } from './use-connection';
import { useForget } from './use-forget';
import { useHostBridge, useHostData } from './use-host-bridge';
import { useOutbox } from './use-outbox';
import { useScroll } from './use-scroll';
import { useSession } from './use-session';
import { useStream } from './use-stream';
import { useTyping } from './use-typing';
import { timeOf, useUnread } from './use-unread';

export { applyTheme } from './theme';

/** Past this, "thinking…" stops: the answer is lost or a person took over. */
const THINKING_MAX_MS = 90_000;

/** How long a frame waits for the host page's token before it starts without one. */
const HOST_TOKEN_WAIT_MS = 1500;

const deferred = () => {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};

/** `ended`: the conversation is over and stays readable above "Start a new chat". */
type TStage = 'chat' | 'confirm-end' | 'confirm-forget' | 'rate' | 'ended';

export function App({ boot }: { boot: TFrameBoot }) {
  const locale = useMemo(
    () => pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]),
    [],
  );
  const t = STRINGS[locale];
  const storage = useMemo(safeStorage, []);

  const { chat, chatRef, update } = useChat();
  const [style, setStyle] = useState(boot.chatbot.style);
  // The live preview on Parley's own pages restyles the frame as the form changes, live or draft
  // (a live chatbot's frame carries no preview grant); a customer's page never does.
  const canPreviewStyle = !!boot.preview || boot.hostOrigin === window.location.origin;
  const [isOpen, setIsOpen] = useState(false);
  const [stage, setStage] = useState<TStage>('chat');
  const [now, setNow] = useState(Date.now());
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const menuRef = useRef<HTMLButtonElement>(null);

  const connection = useConnection({
    boot,
    storage,
    // Back online: whatever waited goes out now, in order. Not while the session is still starting: the
    // socket opens for `widget.start`, and a send ahead of it would reach the server with no visitor yet.
    onOpen: () => {
      if (session.ready.current) void outbox.flush();
    },
  });
  const { conn } = connection;
  const outbox = useOutbox({ conn, storage, publicKey: boot.publicKey, t, update });
  const host = useHostBridge({ hostOrigin: boot.hostOrigin, onMessage: (message) => onHost(message) });
  const standalone = !host.isEmbedded;
  const hostData = useHostData(conn);
  const stream = useStream({ conn, host, update });
  const hostToken = useMemo(deferred, []);
  const session = useSession({
    boot,
    locale,
    t,
    conn,
    outbox,
    update,
    stream,
    onStarted: hostData.send,
    hostToken: hostToken.promise,
    onToken: (token) => host.post({ type: 'visitor', token }),
  });
  const { isStarted, ensureStarted } = session;
  const forgetVisitor = useForget({ conn, storage, publicKey: boot.publicKey, host, hostToken: hostToken.promise });
  const [forgetFailed, setForgetFailed] = useState(false);
  const forget = () => forgetVisitor().catch(() => setForgetFailed(true));

  useEffect(() => {
    applyTheme(style);
  }, [style]);

  useEffect(() => {
    update((state) => ({ ...state, pending: outbox.list() }));
    // Embedded, the loader answers `ready` with the token the host page keeps; an old or silent host is not waited for long.
    if (standalone) hostToken.resolve();
    else setTimeout(hostToken.resolve, HOST_TOKEN_WAIT_MS);
    // A returning visitor (a token) or unsent messages: start now, for history and the unread badge.
    void hostToken.promise.then(() => {
      if (conn.hasToken() || outbox.list().length || standalone) void ensureStarted();
    });
    host.post({ type: 'ready' });
    const clock = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(clock);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onHost = (message: TToFrame) => {
    if (message.type === 'visitor') {
      // The host page's token wins: the frame's own storage may be partitioned or blocked.
      if (message.token && message.token !== conn.token) void conn.adoptToken(message.token);
      hostToken.resolve();
    } else if (message.type === 'open') {
      setIsOpen(true);
      void ensureStarted();
      setTimeout(() => inputRef.current?.focus(), 50);
    } else if (message.type === 'close') {
      setIsOpen(false);
    } else if (message.type === 'identify') {
      hostData.hold({ identify: message.data });
      if (isStarted) hostData.send();
    } else if (message.type === 'setContext') {
      hostData.hold({ context: message.context });
      if (isStarted) hostData.send();
    } else if (message.type === 'forget') {
      void forget();
    } else if (message.type === 'style' && canPreviewStyle) {
      setStyle((current) => ({ ...current, ...message.style }));
    }
  };

  const visible = isOpen || standalone;
  useUnread({ chat, visible, isStarted, storage, publicKey: boot.publicKey, conn, host });
  const scroll = useScroll({ chat, visible, isStarted, loadHistory: stream.loadHistory });
  const typing = useTyping({ conn, isStarted });
  const actions = useChatActions({
    t,
    conn,
    outbox,
    chatRef,
    update,
    ensureStarted,
    stickToBottom: scroll.stickToBottom,
    stopTyping: typing.stopTyping,
  });

  const minimise = () => {
    setIsOpen(false);
    host.post({ type: 'close' });
  };

  const conversation = chat.conversation;
  const hasChat = chat.messages.length > 0 || chat.pending.length > 0;
  const lastVisitor = [...chat.messages].reverse().find((m) => m.role === 'visitor');
  const thinking =
    !boot.chatbot.isHumanOnly &&
    conversation?.status !== 'pending' &&
    isAwaitingBot(chat) &&
    !!lastVisitor &&
    now - timeOf(lastVisitor.createdAt) < THINKING_MAX_MS;
  const canAskHuman =
    boot.chatbot.canAskForHuman &&
    !boot.chatbot.isHumanOnly &&
    hasChat &&
    stage === 'chat' &&
    conversation?.handler !== 'human' &&
    conversation?.status !== 'pending' &&
    conversation?.status !== 'resolved';
  // One "Talk to a person", not two: the newest answer's own offer, or else the button under the chat.
  const lastMessage = chat.messages[chat.messages.length - 1];
  const offersInline = !!lastMessage?.offersHandoff;
  const resolvedUnrated = conversation?.status === 'resolved' && conversation.rating === null && hasChat;
  const banner = !connection.online
    ? t.offline
    : connection.state === 'open' || !session.hasTriedStart
      ? null
      : connection.wasOpen
        ? t.reconnecting
        : t.connecting;

  const isBackOnline = useBackOnline((connection.wasOpen || !connection.online) && banner !== null);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !standalone) {
      event.preventDefault();
      minimise();
    }
  };

  return (
    <div class="chat" onKeyDown={onKeyDown}>
      <Header
        t={t}
        name={boot.chatbot.name}
        conversation={conversation}
        canEnd={hasChat && stage === 'chat' && conversation?.status !== 'resolved'}
        endRef={menuRef}
        onEnd={() => setStage('confirm-end')}
        onForget={() => setStage('confirm-forget')}
        onMinimise={standalone ? null : minimise}
      />

      {/* Always there, so a change is announced; says so once when the connection is back. */}
      <div class={banner ? 'banner' : 'sr'} role="status">
        {banner ?? (isBackOnline ? t.reconnected : '')}
      </div>
      {session.unavailable && (
        <div class="banner error" role="alert">
          {session.unavailable}
        </div>
      )}

      <MessageList
        t={t}
        chatbot={boot.chatbot}
        chat={chat}
        hasChat={hasChat}
        lastVisitor={lastVisitor}
        loadingOlder={scroll.loadingOlder}
        listRef={scroll.listRef}
        onScroll={scroll.onScroll}
        isQueued={actions.isQueued}
        onRetry={actions.retry}
        onRate={actions.rate}
        onHuman={canAskHuman ? actions.requestHuman : null}
        onSend={actions.send}
      />

      <div class="indicator" role="status" aria-live="polite">
        {chat.typing
          ? chat.typing.who === 'bot'
            ? t.thinking
            : fill(t.typing, { name: chat.typing.name ?? t.someone })
          : thinking
            ? t.thinking
            : ''}
        {(chat.typing || thinking) && <span class="dots" aria-hidden="true" />}
      </div>

      {actions.notice && (
        <div class="banner error" role="alert">
          {actions.notice}{' '}
          <button type="button" class="link" onClick={actions.clearNotice} aria-label={t.cancel}>
            <Icon name="close" />
          </button>
        </div>
      )}

      {stage === 'chat' && conversation?.isEmailOffered && conversation.status !== 'resolved' && (
        <EmailOffer t={t} replyEmail={conversation.replyEmail} onSubmit={actions.leaveEmail} />
      )}

      {stage === 'confirm-end' && (
        <EndConfirm
          t={t}
          onConfirm={() => void actions.end().then((ok) => setStage(ok ? 'rate' : 'chat'))}
          onCancel={() => {
            setStage('chat');
            setTimeout(() => menuRef.current?.focus());
          }}
        />
      )}
      {stage === 'confirm-forget' && (
        <EndConfirm
          t={t}
          question={t.deleteConfirm}
          action={t.deleteAction}
          onConfirm={() => void forget().then(() => setStage('chat'))}
          onCancel={() => setStage('chat')}
        />
      )}
      {forgetFailed && (
        <div class="banner error" role="alert">
          {t.error}
        </div>
      )}
      {(stage === 'rate' || (stage === 'chat' && resolvedUnrated)) && (
        <Rating
          t={t}
          onSubmit={(rating, comment) => void actions.submitRating(rating, comment).then(() => setStage('ended'))}
          onSkip={() => setStage('ended')}
        />
      )}
      {stage === 'ended' && (
        <Thanks
          t={t}
          isRated={conversation?.rating != null}
          onNewChat={() => {
            actions.startNew();
            setStage('chat');
            setTimeout(() => inputRef.current?.focus());
          }}
        />
      )}

      {canAskHuman && !offersInline && (
        <button type="button" class="human" onClick={actions.requestHuman}>
          {t.talkToHuman}
        </button>
      )}

      {stage === 'chat' && !resolvedUnrated && (
        <Composer
          t={t}
          inputRef={inputRef}
          onSend={actions.send}
          onTyping={typing.onTyping}
          disabled={!!session.unavailable}
          visible={visible}
        />
      )}
    </div>
  );
}

/** True for a few seconds after a lost connection (or network) came back. */
function useBackOnline(isDown: boolean) {
  const [isBack, setIsBack] = useState(false);
  const wasDown = useRef(false);
  useEffect(() => {
    if (isDown) {
      wasDown.current = true;
      setIsBack(false);
      return;
    }
    if (!wasDown.current) return;
    wasDown.current = false;
    setIsBack(true);
    const timer = setTimeout(() => setIsBack(false), 5000);
    return () => clearTimeout(timer);
  }, [isDown]);
  return isBack;
}
