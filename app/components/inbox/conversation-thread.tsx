import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SourceChips, ThumbIcon, TypingDots } from '~/components/chat/message-parts';
import { Markdown } from '~/components/markdown';
import type { TInboxMessage } from '~/lib/inbox';
import { TimeAgo } from './time-ago';

export type TStream = { answerId: string; text: string };

const OUTCOME_NOTES: Record<string, string> = {
  abstained: 'inbox:thread.outcome.abstained',
  failed: 'inbox:thread.outcome.failed',
  over_limit: 'inbox:thread.outcome.overLimit',
};

function Feedback({ value }: { value: 'up' | 'down' | null }) {
  const { t } = useTranslation();
  if (!value) return null;
  return (
    <span className="inline-flex items-center gap-1 text-xs text-slate-600 dark:text-slate-400">
      <ThumbIcon isDown={value === 'down'} />
      {value === 'up' ? t('inbox:thread.helpful') : t('inbox:thread.unhelpful')}
    </span>
  );
}

/**
 * The whole conversation as the team sees it: the visitor on the left, the
 * bot and the team on the right, system notices in the middle; answers
 * still being written stream in below. Follows new messages unless the
 * reader has scrolled up.
 */
export function ConversationThread({
  messages,
  streams,
  typing,
  visitorName,
}: {
  messages: TInboxMessage[];
  streams: TStream[];
  typing: string[];
  visitorName: string;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const isAtEnd = useRef(true);
  const size = messages.length + streams.reduce((sum, stream) => sum + stream.text.length, 0) + typing.length;
  useEffect(() => {
    const element = box.current;
    if (element && isAtEnd.current) element.scrollTop = element.scrollHeight;
  }, [size]);

  return (
    <div
      ref={box}
      onScroll={(event) => {
        const element = event.currentTarget;
        isAtEnd.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
      }}
      className="max-h-[60vh] min-h-[16rem] overflow-y-auto p-4"
    >
      <ol aria-label={t('inbox:thread.label')} className="space-y-3">
        {messages.map((message) => {
          if (message.role === 'system')
            return (
              <li key={message.id} className="text-center text-xs text-slate-600 dark:text-slate-400">
                {/* Notices are written for the visitor ("You asked…"): say so, so the team reads them right. */}
                <span className="font-medium">{t('inbox:thread.visitorSaw')}</span> {message.content} ·{' '}
                <TimeAgo value={message.createdAt} />
              </li>
            );
          const isVisitor = message.role === 'visitor';
          const isPending = message.id.startsWith('pending-');
          const outcomeNote = message.outcome ? OUTCOME_NOTES[message.outcome] : undefined;
          const author = isVisitor
            ? visitorName
            : message.role === 'bot'
              ? t('inbox:thread.botAuthor', { name: message.authorName ?? t('inbox:thread.bot') })
              : (message.authorName ?? t('inbox:thread.team'));
          return (
            <li key={message.id} className={`flex flex-col ${isVisitor ? 'items-start' : 'items-end'}`}>
              <p className="mb-0.5 text-xs text-slate-600 dark:text-slate-400">
                <span className="font-medium text-slate-700 dark:text-slate-300">{author}</span> ·{' '}
                {isPending ? t('inbox:thread.sending') : <TimeAgo value={message.createdAt} />}
              </p>
              <div
                className={`max-w-[85%] rounded-2xl px-3.5 py-2.5 text-sm break-words ${
                  isVisitor
                    ? 'rounded-bl-sm bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-slate-100'
                    : message.role === 'bot'
                      ? 'rounded-br-sm bg-brand-50 text-slate-900 ring-1 ring-brand-100 dark:bg-brand-950 dark:text-slate-100 dark:ring-brand-900'
                      : 'rounded-br-sm bg-brand-600 text-white dark:bg-brand-500 dark:text-slate-950'
                } ${isPending ? 'opacity-70' : ''}`}
              >
                {isVisitor ? (
                  <span className="whitespace-pre-wrap">{message.content}</span>
                ) : (
                  <Markdown citationPrefix={`cite-${message.id}-`}>{message.content}</Markdown>
                )}
              </div>
              {message.role === 'bot' && (
                <div className="flex max-w-[85%] flex-col items-end gap-1">
                  <SourceChips citations={message.citations} idPrefix={`cite-${message.id}-`} />
                  {outcomeNote && <span className="text-xs text-amber-800 dark:text-amber-300">{t(outcomeNote)}</span>}
                  <Feedback value={message.feedback} />
                </div>
              )}
              {message.emailedTo && (
                <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                  {t('inbox:thread.emailedTo')} <span className="font-medium">{message.emailedTo}</span>
                </p>
              )}
            </li>
          );
        })}
        {streams.map((stream) => (
          <li key={stream.answerId} className="flex flex-col items-end" aria-busy>
            <p className="mb-0.5 text-xs text-slate-600 dark:text-slate-400">{t('inbox:thread.botWriting')}</p>
            <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-brand-50 px-3.5 py-2.5 text-sm text-slate-900 ring-1 ring-brand-100 dark:bg-brand-950 dark:text-slate-100 dark:ring-brand-900">
              <Markdown>{stream.text}</Markdown>
            </div>
          </li>
        ))}
      </ol>
      <div
        role="status"
        aria-live="polite"
        className="mt-2 flex min-h-6 items-center gap-2 text-xs text-slate-600 dark:text-slate-400"
      >
        {typing.length > 0 && (
          <>
            <TypingDots />
            <span>{typing.join(', ')}</span>
          </>
        )}
      </div>
    </div>
  );
}

export function ThreadSkeleton() {
  return (
    <div aria-hidden className="space-y-3 p-4">
      <div className="h-10 w-2/3 animate-pulse rounded-2xl bg-slate-100 dark:bg-slate-800" />
      <div className="ml-auto h-16 w-3/4 animate-pulse rounded-2xl bg-brand-50 dark:bg-slate-800" />
      <div className="h-10 w-1/2 animate-pulse rounded-2xl bg-slate-100 dark:bg-slate-800" />
    </div>
  );
}
