/**
 * The chat inside the frame. State lives in one `TChatState` (chat-state.ts,
 * pure and tested); this file wires it to the WebSocket, the offline queue
 * and the host page, and draws it.
 */
import type { TargetedEvent } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { TToFrame } from '../protocol';
import { safeHref } from '../../../app/lib/safe-href';
import { readableTextOn, WIDGET_FONTS } from '../../../app/lib/widget-look';
import {
  applyEvent,
  deliveryState,
  emptyChat,
  endConversation,
  isAwaitingBot,
  setFeedback,
  streamText,
  unreadCount,
  upsertMessages,
  type TChatState,
  type TStream,
} from './chat-state';
import { createConnection, type TConnectionState } from './connection';
import { createHostBridge } from './host';
import { fill, pickLocale, STRINGS, type TStrings } from './i18n';
import { anchorId } from './anchors';
import type { renderMarkdown } from './markdown';
import { createOutbox, type TOutboxItem, type TStorage } from './outbox';
import type { TFeedback, TFrameBoot, TWidgetMessage, TWidgetStyle } from './types';

const MAX_LENGTH = 2000;
const TYPING_EVERY_MS = 3000;
const TYPING_IDLE_MS = 4000;
/** Past this, "thinking…" stops: the answer is lost or a person took over. */
const THINKING_MAX_MS = 90_000;

const safeStorage = (): TStorage | null => {
  try {
    const storage = window.localStorage;
    storage.getItem('parley:probe');
    return storage;
  } catch {
    return null; // Third-party storage blocked: everything still works for this page view.
  }
};

const errorSentence = (error: unknown, t: TStrings) => {
  const data = (error as { data?: { code?: string } } | null)?.data;
  const message = (error as { message?: string } | null)?.message;
  // Server refusals are sentences for the visitor; anything else is ours to word.
  return data?.code && data.code !== 'INTERNAL_SERVER_ERROR' && message ? message : t.error;
};

export const applyTheme = (style: TWidgetStyle) => {
  const root = document.documentElement;
  const color = /^#[0-9a-f]{6}$/i.test(style.primaryColor) ? style.primaryColor : '#4f46e5';
  root.style.setProperty('--accent', color);
  root.style.setProperty('--on-accent', readableTextOn(color));
  root.style.setProperty('--radius', `${Math.max(0, Math.min(24, style.cornerRadius))}px`);
  root.style.setProperty('--font', (WIDGET_FONTS[style.font] ?? WIDGET_FONTS.system).stack);
  root.dataset.theme = style.theme;
};

type TMarkdownModule = { renderMarkdown: typeof renderMarkdown };
let markdownModule: TMarkdownModule | null = null;
let markdownLoading: Promise<TMarkdownModule> | null = null;

/**
 * Markdown text. The renderer (micromark, a third of the frame's script) loads
 * right after the first paint instead of with it; until then the text shows
 * as plain text, which is what it is.
 */
function Markdown(props: { text: string; messageId?: string; refs?: string[] }) {
  const [, setLoaded] = useState(!!markdownModule);
  useEffect(() => {
    if (markdownModule) return;
    markdownLoading ??= import('./markdown');
    markdownLoading.then(
      (module) => {
        markdownModule = module;
        setLoaded(true);
      },
      () => undefined,
    );
  }, []);
  if (!markdownModule) return <div class="bubble plain">{props.text}</div>;
  const html = markdownModule.renderMarkdown(props.text, { messageId: props.messageId, refs: props.refs });
  return <div class="bubble md" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Line icons (24×24, stroked): drawn, not font glyphs, so they show on every system. */
const ICONS = {
  end: 'M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9',
  minimise: 'M6 9l6 6 6-6',
  send: 'M4 12l16-8-6 16-2-7z',
  copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
  check: 'M20 6L9 17l-5-5',
  up: 'M7 11v10H4V11zM7 11l4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.3l-1.3 7a2 2 0 0 1-2 1.7H7',
  down: 'M17 13V3h3v10zM17 13l-4 8a3 3 0 0 1-3-3v-4H4.5a2 2 0 0 1-2-2.3l1.3-7a2 2 0 0 1 2-1.7H17',
  close: 'M6 6l12 12M18 6L6 18',
} as const;

const Icon = ({ name }: { name: keyof typeof ICONS }) => (
  <svg class="i" viewBox="0 0 24 24" aria-hidden="true">
    <path d={ICONS[name]} />
  </svg>
);

const timeOf = (date: Date | string) => new Date(date).getTime();

type TStage = 'chat' | 'confirm-end' | 'rate' | 'thanks';

export function App({ boot }: { boot: TFrameBoot }) {
  const locale = useMemo(
    () => pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]),
    [],
  );
  const t = STRINGS[locale];
  const storage = useMemo(safeStorage, []);
  const seenKey = `parley:${boot.publicKey}:seen`;

  const [chat, setChat] = useState<TChatState>(emptyChat);
  const chatRef = useRef(chat);
  chatRef.current = chat;
  const update = (fn: (state: TChatState) => TChatState) => setChat((state) => (chatRef.current = fn(state)));

  const [style, setStyle] = useState(boot.chatbot.style);
  const [connection, setConnection] = useState<TConnectionState>('connecting');
  const [wasOpen, setWasOpen] = useState(false);
  const [online, setOnline] = useState(navigator.onLine);
  const [isOpen, setIsOpen] = useState(false);
  const [isStarted, setIsStarted] = useState(false);
  const [hasTriedStart, setHasTriedStart] = useState(false);
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [stage, setStage] = useState<TStage>('chat');
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [now, setNow] = useState(Date.now());

  const listRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const menuRef = useRef<HTMLButtonElement>(null);
  /** Messages already told to the host page (history and replays are not news). */
  const announced = useRef(new Set<string>());
  const pendingHost = useRef<{ identify?: Record<string, unknown>; context?: Record<string, unknown> }>({});

  const services = useMemo(() => {
    const conn = createConnection({
      url: boot.wsUrl,
      publicKey: boot.publicKey,
      storage,
      onState: (state) => {
        setConnection(state);
        if (state === 'open') {
          setWasOpen(true);
          // Back online: whatever waited goes out now, in order.
          if (started) void outbox.flush();
        }
      },
    });
    let started: Promise<void> | null = null;
    const outbox = createOutbox({
      storage,
      key: `parley:${boot.publicKey}:outbox`,
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
    return {
      conn,
      outbox,
      get started() {
        return started;
      },
      set started(value) {
        started = value;
      },
    };
    // One connection for the frame's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const { conn, outbox } = services;
  const host = useMemo(
    () => createHostBridge({ hostOrigin: boot.hostOrigin, onMessage: (m) => onHost.current(m) }),
    [boot.hostOrigin],
  );
  const standalone = !host.isEmbedded;

  // ---- Server ---------------------------------------------------------------------------------

  const sendHostData = () => {
    const { identify, context } = pendingHost.current;
    pendingHost.current = {};
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

  /** Starts (or resumes) this visitor's session once; everything else waits for it. */
  const ensureStarted = () => {
    if (services.started) return services.started;
    setHasTriedStart(true);
    services.started = (async () => {
      const result = await conn.client.widget.start.mutate({
        publicKey: boot.publicKey,
        hostOrigin: boot.hostOrigin,
        preview: boot.preview,
        visitorToken: conn.token || null,
        locale: /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(navigator.language) ? navigator.language : locale,
      });
      await conn.adoptToken(result.visitorToken);
      update((state) => ({ ...state, conversation: result.conversation }));
      // History first, then the events since its cursor (replayed ones are deduped by id).
      const page = result.conversation ? await loadHistory(null) : null;
      subscribe(page?.cursor ?? null);
      setIsStarted(true);
      sendHostData();
      void outbox.flush();
    })();
    services.started.catch((error: unknown) => {
      services.started = null;
      const code = (error as { data?: { code?: string } }).data?.code;
      if (code === 'FORBIDDEN' || code === 'NOT_FOUND') setUnavailable(errorSentence(error, t) || t.unavailable);
    });
    return services.started;
  };

  useEffect(() => {
    applyTheme(style);
  }, [style]);

  useEffect(() => {
    update((state) => ({ ...state, pending: outbox.list() }));
    // A returning visitor (a token) or unsent messages: start now, for history and the unread badge.
    if (conn.hasToken() || outbox.list().length || standalone) void ensureStarted();
    host.post({ type: 'ready' });
    const goOnline = () => setOnline(true);
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    const clock = setInterval(() => setNow(Date.now()), 5000);
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      clearInterval(clock);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // ---- Host page ------------------------------------------------------------------------------

  const onHost = useRef<(message: TToFrame) => void>(() => undefined);
  onHost.current = (message) => {
    if (message.type === 'open') {
      setIsOpen(true);
      void ensureStarted();
      setTimeout(() => inputRef.current?.focus(), 50);
    } else if (message.type === 'close') {
      setIsOpen(false);
    } else if (message.type === 'identify') {
      pendingHost.current.identify = message.data;
      if (isStarted) sendHostData();
    } else if (message.type === 'setContext') {
      pendingHost.current.context = message.context;
      if (isStarted) sendHostData();
    } else if (message.type === 'style' && boot.preview) {
      setStyle((current) => ({ ...current, ...message.style }));
    }
  };

  const visible = isOpen || standalone;
  /** When the visitor last had the chat open on the newest message (kept across pages in storage). */
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

  // Unread badge while closed; "seen" and markRead while open.
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

  // ---- Scrolling ------------------------------------------------------------------------------

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
      loadHistory(chat.nextBefore)
        .catch(() => {
          olderAnchor.current = null;
        })
        .finally(() => setLoadingOlder(false));
    }
  };

  // ---- Actions --------------------------------------------------------------------------------

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
    if (!isStarted) return;
    const typing = typingState.current;
    if (Date.now() - typing.sentAt > TYPING_EVERY_MS) {
      typing.sentAt = Date.now();
      void conn.client.widget.typing.mutate({ isTyping: true }).catch(() => undefined);
    }
    if (typing.timer) clearTimeout(typing.timer);
    typing.timer = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const send = (text: string) => {
    const content = text.trim().slice(0, MAX_LENGTH);
    if (!content) return false;
    const item = outbox.add(content);
    atBottom.current = true;
    update((state) => ({ ...state, pending: [...state.pending, item] }));
    stopTyping();
    ensureStarted()
      .then(() => outbox.flush())
      .catch(() => undefined);
    return true;
  };

  const retry = (item: TOutboxItem) => {
    update((state) => {
      const { [item.clientId]: _, ...failed } = state.failed;
      return { ...state, failed };
    });
    if (!outbox.list().some((queued) => queued.clientId === item.clientId)) return;
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

  const reset = async () => {
    try {
      // A conversation the team already resolved needs no reset on the server, only here.
      if (chatRef.current.conversation?.status !== 'resolved') await conn.client.widget.reset.mutate({});
    } catch (error) {
      setNotice(errorSentence(error, t));
      return;
    }
    outbox.clear();
    // The ended conversation's messages stay away, even when a resumed subscription replays them.
    update((state) => endConversation(state));
  };

  const submitRating = async (rating: number, comment: string) => {
    try {
      await conn.client.widget.rateConversation.mutate({
        rating: rating as 1 | 2 | 3 | 4 | 5,
        comment: comment.trim() || undefined,
      });
    } catch (error) {
      setNotice(errorSentence(error, t));
    }
    await reset();
    setStage('thanks');
  };

  const minimise = () => {
    setIsOpen(false);
    host.post({ type: 'close' });
  };

  // ---- Drawing --------------------------------------------------------------------------------

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
    conversation?.handler !== 'human' &&
    conversation?.status !== 'pending';
  const resolvedUnrated = conversation?.status === 'resolved' && conversation.rating === null && hasChat;
  const banner = !online
    ? t.offline
    : connection === 'open' || !hasTriedStart
      ? null
      : wasOpen
        ? t.reconnecting
        : t.connecting;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !standalone) {
      event.preventDefault();
      minimise();
    }
  };

  return (
    <div class="chat" onKeyDown={onKeyDown}>
      <header class="head">
        <div class="title">
          <h1>{boot.chatbot.name}</h1>
          {conversation?.handler === 'human' && conversation.operatorName && <p>{conversation.operatorName}</p>}
        </div>
        {hasChat && stage === 'chat' && (
          <button
            type="button"
            class="icon"
            ref={menuRef}
            onClick={() => setStage('confirm-end')}
            title={t.endChat}
            aria-label={t.endChat}
          >
            <Icon name="end" />
          </button>
        )}
        {!standalone && (
          <button type="button" class="icon" onClick={minimise} title={t.minimise} aria-label={t.minimise}>
            <Icon name="minimise" />
          </button>
        )}
      </header>

      {banner && (
        <div class="banner" role="status">
          {banner}
        </div>
      )}
      {unavailable && (
        <div class="banner error" role="alert">
          {unavailable}
        </div>
      )}

      <div class="list" ref={listRef} onScroll={onScroll}>
        {loadingOlder && <p class="muted center">{t.loadOlder}</p>}
        {!chat.hasMore && boot.chatbot.greeting && (
          <div class="msg bot">
            <Markdown text={boot.chatbot.greeting} />
          </div>
        )}
        {boot.chatbot.isHumanOnly && !hasChat && <p class="muted center">{t.humanOnly}</p>}
        <div role="log" aria-live="polite" aria-relevant="additions" aria-label={t.messages}>
          {chat.messages.map((message) => (
            <Message
              key={message.id}
              message={message}
              t={t}
              status={
                message.role === 'visitor' && message.id === lastVisitor?.id ? deliveryState(chat, message) : null
              }
              onRate={rate}
              onHuman={boot.chatbot.canAskForHuman && conversation?.handler !== 'human' ? requestHuman : null}
            />
          ))}
          {chat.pending.map((item) => (
            <div class="msg visitor" key={item.clientId}>
              <div class="bubble plain">{item.content}</div>
              {chat.failed[item.clientId] ? (
                <p class="status failed" role="alert">
                  {t.notSent}: {chat.failed[item.clientId]}{' '}
                  {outbox.list().some((queued) => queued.clientId === item.clientId) && (
                    <button type="button" class="link" onClick={() => retry(item)}>
                      {t.retry}
                    </button>
                  )}
                </p>
              ) : (
                <p class="status">{t.sending}</p>
              )}
            </div>
          ))}
        </div>
        {Object.values(chat.streams).map((stream) => (
          <Streaming key={stream.answerId} stream={stream} />
        ))}
        {conversation?.status === 'pending' && conversation.handler === 'bot' && (
          <p class="muted center">{t.humanRequested}</p>
        )}
        {!hasChat && boot.chatbot.suggestedQuestions.length > 0 && (
          <ul class="suggested" aria-label={t.suggested}>
            {boot.chatbot.suggestedQuestions.map((question) => (
              <li key={question}>
                <button type="button" onClick={() => send(question)}>
                  {question}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>

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

      {notice && (
        <div class="banner error" role="alert">
          {notice}{' '}
          <button type="button" class="link" onClick={() => setNotice(null)} aria-label={t.cancel}>
            <Icon name="close" />
          </button>
        </div>
      )}

      {stage === 'confirm-end' && (
        <EndConfirm
          t={t}
          onConfirm={() => setStage('rate')}
          onCancel={() => {
            setStage('chat');
            setTimeout(() => menuRef.current?.focus());
          }}
        />
      )}
      {(stage === 'rate' || (stage === 'chat' && resolvedUnrated)) && (
        <Rating
          t={t}
          onSubmit={(rating, comment) => void submitRating(rating, comment)}
          onSkip={() => {
            void reset();
            setStage('chat');
          }}
        />
      )}
      {stage === 'thanks' && (
        <div class="panel" role="status">
          <p>{t.thanks}</p>
          <button
            type="button"
            class="primary"
            onClick={() => {
              setStage('chat');
              setTimeout(() => inputRef.current?.focus());
            }}
          >
            {t.newChat}
          </button>
        </div>
      )}

      {canAskHuman && stage === 'chat' && (
        <button type="button" class="human" onClick={requestHuman}>
          {t.talkToHuman}
        </button>
      )}

      {stage === 'chat' && !resolvedUnrated && (
        <Composer t={t} inputRef={inputRef} onSend={send} onTyping={onTyping} disabled={!!unavailable} />
      )}
    </div>
  );
}

function Composer(props: {
  t: TStrings;
  inputRef: { current: HTMLTextAreaElement | null };
  onSend: (text: string) => boolean;
  onTyping: () => void;
  disabled: boolean;
}) {
  const { t } = props;
  const [value, setValue] = useState('');
  const grow = () => {
    const input = props.inputRef.current;
    if (!input) return;
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 140)}px`;
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(grow, [value]);
  const submit = () => {
    if (props.onSend(value)) setValue('');
  };
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={props.inputRef}
        rows={1}
        value={value}
        maxLength={MAX_LENGTH}
        placeholder={t.placeholder}
        aria-label={t.inputLabel}
        disabled={props.disabled}
        onInput={(event: TargetedEvent<HTMLTextAreaElement>) => {
          setValue(event.currentTarget.value);
          props.onTyping();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" class="send" aria-label={t.send} title={t.send} disabled={!value.trim() || props.disabled}>
        <Icon name="send" />
      </button>
    </form>
  );
}

function Message(props: {
  message: TWidgetMessage;
  t: TStrings;
  status: ReturnType<typeof deliveryState> | null;
  onRate: (message: TWidgetMessage, feedback: TFeedback) => void;
  onHuman: (() => void) | null;
}) {
  const { message, t } = props;
  const [copied, setCopied] = useState(false);
  if (message.role === 'system') return <p class="muted center">{message.content}</p>;
  if (message.role === 'visitor') {
    return (
      <div class="msg visitor">
        <span class="sr">{t.you}: </span>
        <div class="bubble plain">{message.content}</div>
        {props.status && <p class="status">{t[props.status as 'sent' | 'delivered' | 'read']}</p>}
      </div>
    );
  }
  const citations = message.citations ?? [];
  const copy = () => {
    const done = () => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    };
    navigator.clipboard?.writeText(message.content).then(done, () => undefined);
  };
  return (
    <div class={`msg ${message.role}`}>
      <p class="author">
        {message.role === 'operator' ? (message.authorName ?? t.someone) : (message.authorName ?? t.bot)}
      </p>
      <Markdown text={message.content} messageId={message.id} refs={citations.map((c) => c.ref)} />
      {citations.length > 0 && (
        <div class="sources">
          <p>{t.sources}</p>
          {/* The passage itself is the chip's tooltip: shown in full it would repeat the answer that quotes it. */}
          <ol>
            {citations.map((citation) => (
              <li key={citation.ref} id={anchorId(message.id, citation.ref)}>
                {safeHref(citation.url) ? (
                  <a
                    href={safeHref(citation.url)}
                    title={citation.snippet}
                    target="_blank"
                    rel="noopener noreferrer nofollow"
                  >
                    <span class="ref">{citation.ref}</span> {citation.title}
                  </a>
                ) : (
                  <span title={citation.snippet} tabIndex={0}>
                    <span class="ref">{citation.ref}</span> {citation.title}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </div>
      )}
      <div class="actions">
        <button type="button" onClick={copy} aria-label={copied ? t.copied : t.copy} title={t.copy}>
          <Icon name={copied ? 'check' : 'copy'} />
        </button>
        {message.role === 'bot' && (
          <>
            <button
              type="button"
              aria-pressed={message.feedback === 'up'}
              aria-label={t.helpful}
              title={t.helpful}
              onClick={() => props.onRate(message, 'up')}
            >
              <Icon name="up" />
            </button>
            <button
              type="button"
              aria-pressed={message.feedback === 'down'}
              aria-label={t.notHelpful}
              title={t.notHelpful}
              onClick={() => props.onRate(message, 'down')}
            >
              <Icon name="down" />
            </button>
          </>
        )}
        {message.offersHandoff && props.onHuman && (
          <button type="button" class="link" onClick={props.onHuman}>
            {t.talkToHuman}
          </button>
        )}
      </div>
    </div>
  );
}

function Streaming({ stream }: { stream: TStream }) {
  return (
    <div class="msg bot" aria-busy="true">
      <Markdown text={streamText(stream)} />
    </div>
  );
}

function EndConfirm(props: { t: TStrings; onConfirm: () => void; onCancel: () => void }) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div
      class="panel"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="end-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <p id="end-title">{props.t.endConfirm}</p>
      <div class="row">
        <button type="button" class="primary" ref={confirmRef} onClick={props.onConfirm}>
          {props.t.endChat}
        </button>
        <button type="button" onClick={props.onCancel}>
          {props.t.cancel}
        </button>
      </div>
    </div>
  );
}

function Rating(props: { t: TStrings; onSubmit: (rating: number, comment: string) => void; onSkip: () => void }) {
  const { t } = props;
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const firstRef = useRef<HTMLInputElement>(null);
  useEffect(() => firstRef.current?.focus(), []);
  return (
    <form
      class="panel"
      onSubmit={(event) => {
        event.preventDefault();
        if (rating) props.onSubmit(rating, comment);
      }}
    >
      <fieldset class="stars">
        <legend>{t.rateTitle}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} title={fill(t.stars, { n })}>
            <input
              type="radio"
              name="rating"
              value={n}
              ref={n === 1 ? firstRef : undefined}
              checked={rating === n}
              onChange={() => setRating(n)}
            />
            <span aria-hidden="true" class={n <= rating ? 'on' : ''}>
              ★
            </span>
            <span class="sr">{fill(t.stars, { n })}</span>
          </label>
        ))}
      </fieldset>
      <label class="sr" for="rating-comment">
        {t.comment}
      </label>
      <textarea
        id="rating-comment"
        rows={2}
        maxLength={1000}
        placeholder={t.comment}
        value={comment}
        onInput={(event: TargetedEvent<HTMLTextAreaElement>) => setComment(event.currentTarget.value)}
      />
      <div class="row">
        <button type="submit" class="primary" disabled={!rating}>
          {t.submit}
        </button>
        <button type="button" onClick={props.onSkip}>
          {t.skip}
        </button>
      </div>
    </form>
  );
}
