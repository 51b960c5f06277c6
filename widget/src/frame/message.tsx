import { useState } from 'preact/hooks';
import { safeHref } from '../../../shared/safe-href';
import { anchorId } from './anchors';
import { streamText, type deliveryState, type TStream } from './chat-state';
import type { TStrings } from './i18n';
import { Icon } from './icons';
import { Markdown } from './markdown-view';
import type { TOutboxItem } from './outbox';
import type { TFeedback, TWidgetMessage } from './types';

export function Message(props: {
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
          <ol>
            {citations.map((citation) => (
              <li key={citation.ref} id={anchorId(message.id, citation.ref)}>
                <SourceChip citation={citation} />
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

export function Streaming({ stream }: { stream: TStream }) {
  return (
    <div class="msg bot" aria-busy="true">
      <Markdown text={streamText(stream)} />
    </div>
  );
}

/** A message still in the outbox: "sending…", or why it was not sent and (when it still can be) a retry. */
export function PendingMessage(props: {
  item: TOutboxItem;
  t: TStrings;
  failure: string | undefined;
  onRetry: ((item: TOutboxItem) => void) | null;
}) {
  const { item, t, failure, onRetry } = props;
  return (
    <div class="msg visitor">
      <div class="bubble plain">{item.content}</div>
      {failure ? (
        <p class="status failed" role="alert">
          {t.notSent}: {failure}{' '}
          {onRetry && (
            <button type="button" class="link" onClick={() => onRetry(item)}>
              {t.retry}
            </button>
          )}
        </p>
      ) : (
        <p class="status">{t.sending}</p>
      )}
    </div>
  );
}

type TCitation = NonNullable<TWidgetMessage['citations']>[number];

/**
 * A source: a link when it has an address; otherwise a button that shows the passage below it (a tooltip
 * alone reaches neither the keyboard nor a phone). Closed by default: shown in full it would repeat the
 * answer that quotes it.
 */
function SourceChip({ citation }: { citation: TCitation }) {
  const [isOpen, setIsOpen] = useState(false);
  const href = safeHref(citation.url);
  const label = (
    <>
      <span class="ref">{citation.ref}</span> {citation.title}
    </>
  );
  if (href) {
    return (
      <a href={href} title={citation.snippet} target="_blank" rel="noopener noreferrer nofollow">
        {label}
      </a>
    );
  }
  return (
    <>
      <button type="button" title={citation.snippet} aria-expanded={isOpen} onClick={() => setIsOpen(!isOpen)}>
        {label}
      </button>
      {isOpen && <blockquote class="snippet">{citation.snippet}</blockquote>}
    </>
  );
}
