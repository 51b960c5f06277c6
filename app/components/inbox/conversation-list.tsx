import { Link, useLocation, useNavigate } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { inboxPath, visitorLabel, type TInboxItem } from '~/lib/inbox';
import { Highlight } from './highlight';
import { TimeAgo } from './time-ago';

/** The last message's line in the list: whose it is, when not the visitor's. */
const LAST_FROM = { bot: 'inbox:list.fromBot', operator: 'inbox:list.fromTeam' } as const;
const isFromTeam = (role: string): role is keyof typeof LAST_FROM => role in LAST_FROM;

export function StatusPill({ status, handler }: { status: string; handler: string }) {
  const { t } = useTranslation();
  const tone =
    status === 'pending'
      ? 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200'
      : status === 'resolved'
        ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200'
        : status === 'archived'
          ? 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200'
          : handler === 'human'
            ? 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200'
            : 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300';
  const label =
    status === 'pending'
      ? t('inbox:pill.waiting')
      : status === 'open'
        ? handler === 'human'
          ? t('inbox:pill.withPerson')
          : t('inbox:pill.withBot')
        : status === 'resolved'
          ? t('inbox:pill.resolved')
          : t('inbox:pill.archived');
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${tone}`}>{label}</span>;
}

/** Typing in a field never moves the list. */
const isTypingTarget = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The conversations, newest activity first. j/k move between them (focus
 * follows, so screen readers read the one reached), Enter opens it, e
 * resolves the one focused or open.
 */
export function ConversationList({
  items,
  selectedId,
  onResolve,
  meId,
}: {
  items: TInboxItem[];
  selectedId: string | null;
  onResolve: (conversationId: string) => void;
  meId: string;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const listRef = useRef<HTMLUListElement>(null);

  const latest = useRef({ items, selectedId, onResolve, search: location.search });
  latest.current = { items, selectedId, onResolve, search: location.search };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTypingTarget(event.target))
        return;
      const { items, selectedId, onResolve, search } = latest.current;
      const links = [...(listRef.current?.querySelectorAll<HTMLAnchorElement>('a[data-conversation-id]') ?? [])];
      const focused = links.findIndex((link) => link === document.activeElement);
      const current = focused !== -1 ? focused : items.findIndex((item) => item.id === selectedId);
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        const next = Math.max(0, Math.min(links.length - 1, current + (event.key === 'j' ? 1 : -1)));
        links[current === -1 ? 0 : next]?.focus();
      } else if (
        event.key === 'Enter' &&
        focused === -1 &&
        current !== -1 &&
        !(event.target instanceof HTMLButtonElement)
      ) {
        navigate(inboxPath(items[current]!.id, search));
      } else if (event.key === 'e') {
        const id = (focused !== -1 ? links[focused]?.dataset.conversationId : null) ?? selectedId;
        if (!id) return;
        event.preventDefault();
        onResolve(id);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [navigate]);

  return (
    <ul ref={listRef} aria-label={t('inbox:list.label')} className="divide-y divide-slate-200 dark:divide-slate-800">
      {items.map((item) => {
        const isSelected = item.id === selectedId;
        const who = visitorLabel(item.visitor, t);
        const unread = item.unreadCount;
        return (
          <li key={item.id}>
            <Link
              to={inboxPath(item.id, location.search)}
              data-conversation-id={item.id}
              aria-current={isSelected ? 'page' : undefined}
              preventScrollReset
              className={`block px-3 py-3 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600 ${
                isSelected ? 'bg-brand-50 dark:bg-slate-800' : 'hover:bg-slate-50 dark:hover:bg-slate-800/60'
              }`}
            >
              <div className="flex items-baseline justify-between gap-2">
                <span
                  className={`truncate text-sm ${unread ? 'font-bold text-slate-900 dark:text-white' : 'font-medium text-slate-800 dark:text-slate-200'}`}
                >
                  {who}
                </span>
                <TimeAgo
                  value={item.lastMessageAt ?? item.createdAt}
                  className="shrink-0 text-xs text-slate-600 dark:text-slate-400"
                />
              </div>
              <p className="mt-0.5 line-clamp-2 text-sm text-slate-600 dark:text-slate-400">
                {item.highlight ? (
                  <Highlight snippet={item.highlight} />
                ) : item.lastMessage ? (
                  isFromTeam(item.lastMessage.role) ? (
                    t(LAST_FROM[item.lastMessage.role], { content: item.lastMessage.content })
                  ) : (
                    item.lastMessage.content
                  )
                ) : (
                  <span className="italic">{t('inbox:list.noMessages')}</span>
                )}
              </p>
              <div className="mt-1.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
                <StatusPill status={item.status} handler={item.handler} />
                <span className="truncate">{item.chatbotName}</span>
                {item.assignee && (
                  <span className="truncate">
                    · {item.assignee.id === meId ? t('inbox:list.you') : item.assignee.name}
                  </span>
                )}
                <InsightLabels labels={item.labels} />
                {unread > 0 && (
                  <span
                    className="ml-auto rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white tabular-nums dark:bg-brand-400 dark:text-slate-950"
                    aria-label={t('inbox:list.unread', { count: unread })}
                  >
                    {unread}
                  </span>
                )}
              </div>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export function ConversationListSkeleton() {
  return (
    <ul aria-hidden className="divide-y divide-slate-200 dark:divide-slate-800">
      {[0, 1, 2, 3, 4].map((i) => (
        <li key={i} className="space-y-2 px-3 py-3">
          <div className="h-3.5 w-1/3 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
          <div className="h-3 w-5/6 animate-pulse rounded bg-slate-100 dark:bg-slate-800/70" />
          <div className="h-3 w-1/4 animate-pulse rounded bg-slate-100 dark:bg-slate-800/70" />
        </li>
      ))}
    </ul>
  );
}

const SENTIMENT_LABEL = {
  positive: 'inbox:list.sentiment.positive',
  neutral: 'inbox:list.sentiment.neutral',
  negative: 'inbox:list.sentiment.negative',
} as const;

const SENTIMENT_CLASS = {
  positive: 'text-emerald-700 dark:text-emerald-300',
  neutral: 'text-slate-600 dark:text-slate-400',
  negative: 'text-red-700 dark:text-red-300',
} as const;

/** Topic, sentiment and language, once the conversation has been decided and labelled. */
function InsightLabels({ labels }: { labels?: TInboxItem['labels'] }) {
  const { t } = useTranslation();
  if (!labels || (!labels.topic && !labels.sentiment && !labels.language)) return null;
  return (
    <span className="truncate" data-testid="insight-labels">
      {labels.topic && <span>· {labels.topic}</span>}
      {labels.sentiment && (
        <span className={`ml-1 ${SENTIMENT_CLASS[labels.sentiment]}`}>· {t(SENTIMENT_LABEL[labels.sentiment])}</span>
      )}
      {labels.language && <span className="ml-1 uppercase">· {labels.language}</span>}
    </span>
  );
}
