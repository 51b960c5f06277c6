import type { Ref } from 'preact';
import { deliveryState, type TChatState } from './chat-state';
import type { TStrings } from './i18n';
import { Markdown } from './markdown-view';
import { Message, PendingMessage, Streaming } from './message';
import type { TOutboxItem } from './outbox';
import type { TFeedback, TFrameBoot, TWidgetMessage } from './types';

/** The scrolling part: greeting, messages, the outbox, answers being written, suggested questions. */
export function MessageList(props: {
  t: TStrings;
  chatbot: TFrameBoot['chatbot'];
  chat: TChatState;
  hasChat: boolean;
  lastVisitor: TWidgetMessage | undefined;
  loadingOlder: boolean;
  listRef: Ref<HTMLDivElement>;
  onScroll: () => void;
  isQueued: (item: TOutboxItem) => boolean;
  onRetry: (item: TOutboxItem) => void;
  onRate: (message: TWidgetMessage, feedback: TFeedback) => void;
  /** Null when the visitor cannot ask for a person now (resolved, already waiting, a person is here). */
  onHuman: (() => void) | null;
  onSend: (text: string) => boolean;
}) {
  const { t, chatbot, chat, hasChat, lastVisitor } = props;
  const lastId = chat.messages[chat.messages.length - 1]?.id;
  return (
    <div class="list" ref={props.listRef} onScroll={props.onScroll}>
      {props.loadingOlder && <p class="muted center">{t.loadOlder}</p>}
      {!chat.hasMore && chatbot.greeting && (
        <div class="msg bot">
          <Markdown text={chatbot.greeting} />
        </div>
      )}
      {chatbot.isHumanOnly && !hasChat && <p class="muted center">{t.humanOnly}</p>}
      <div role="log" aria-live="polite" aria-relevant="additions" aria-label={t.messages}>
        {chat.messages.map((message) => (
          <Message
            key={message.id}
            message={message}
            t={t}
            status={message.role === 'visitor' && message.id === lastVisitor?.id ? deliveryState(chat, message) : null}
            onRate={props.onRate}
            onHuman={message.id === lastId ? props.onHuman : null}
          />
        ))}
        {chat.pending.map((item) => (
          <PendingMessage
            key={item.clientId}
            item={item}
            t={t}
            failure={chat.failed[item.clientId]}
            onRetry={chat.failed[item.clientId] && props.isQueued(item) ? props.onRetry : null}
          />
        ))}
      </div>
      {Object.values(chat.streams).map((stream) => (
        <Streaming key={stream.answerId} stream={stream} />
      ))}
      {!hasChat && chatbot.suggestedQuestions.length > 0 && (
        <ul class="suggested" aria-label={t.suggested}>
          {chatbot.suggestedQuestions.map((question) => (
            <li key={question}>
              <button type="button" onClick={() => props.onSend(question)}>
                {question}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
