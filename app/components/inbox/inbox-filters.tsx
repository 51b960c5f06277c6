import { useSearchParams } from '@remix-run/react';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  filtersToParams,
  hasNarrowingFilters,
  readFilters,
  STATUS_LABELS,
  type TInboxFilters,
  type TStatusFilter,
} from '~/lib/inbox';

const selectClass =
  'block w-full rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600 dark:bg-slate-900 dark:text-white dark:ring-slate-700';
const labelClass = 'block text-xs font-medium text-slate-600 dark:text-slate-400';

const TABS: TStatusFilter[] = ['open', 'pending', 'resolved', 'archived', 'all'];

/**
 * Status tabs, search and the narrowing filters. Everything lives in the
 * address (shareable, survives a reload, back button works); the open
 * conversation stays open while filters change.
 */
export function InboxFilters({
  chatbots,
  counts,
}: {
  chatbots: { id: string; name: string }[];
  counts: { open: number; pending: number } | null;
}) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const [search, setSearch] = useState(filters.search);
  const [showMore, setShowMore] = useState(hasNarrowingFilters(filters));
  const id = useId();
  useEffect(() => setSearch(filters.search), [filters.search]);

  const update = (changes: Partial<TInboxFilters>) =>
    setParams(filtersToParams({ ...filters, ...changes }), { replace: true, preventScrollReset: true });

  // Search as one types, a moment after the last key.
  useEffect(() => {
    if (search.trim() === filters.search) return;
    const timer = setTimeout(() => update({ search: search.trim() }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);

  const count = (status: TStatusFilter) =>
    status === 'open' && counts ? counts.open + counts.pending : status === 'pending' ? counts?.pending : undefined;

  return (
    <div className="space-y-3">
      <nav aria-label={t('inbox:filters.statusLabel')}>
        <ul className="flex gap-0.5">
          {TABS.map((status) => {
            const isCurrent = filters.status === status;
            const n = count(status);
            return (
              <li key={status}>
                <button
                  type="button"
                  aria-pressed={isCurrent}
                  onClick={() => update({ status })}
                  className={`rounded-md px-2 py-1 text-[0.8125rem] font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-brand-600 ${
                    isCurrent
                      ? 'bg-brand-50 text-brand-800 dark:bg-slate-800 dark:text-white'
                      : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
                  }`}
                >
                  {t(STATUS_LABELS[status])}
                  {n !== undefined && n > 0 && (
                    <span className="ml-1 rounded-full bg-slate-200 px-1.5 text-xs tabular-nums dark:bg-slate-700">
                      {n}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          update({ search: search.trim() });
        }}
      >
        <label htmlFor={`${id}-q`} className="sr-only">
          {t('inbox:filters.searchLabel')}
        </label>
        <input
          id={`${id}-q`}
          type="search"
          name="q"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder={t('inbox:filters.searchPlaceholder')}
          maxLength={200}
          className="block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset placeholder:text-slate-500 focus:ring-2 focus:ring-brand-600 dark:bg-slate-900 dark:text-white dark:ring-slate-700"
        />
      </form>
      <div>
        <button
          type="button"
          aria-expanded={showMore}
          aria-controls={`${id}-more`}
          onClick={() => setShowMore(!showMore)}
          className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300"
        >
          {showMore
            ? t('inbox:filters.fewer')
            : hasNarrowingFilters(filters)
              ? t('inbox:filters.moreOn')
              : t('inbox:filters.more')}
        </button>
        {showMore && (
          <div id={`${id}-more`} className="mt-2 grid grid-cols-2 gap-2">
            <div>
              <label htmlFor={`${id}-chatbot`} className={labelClass}>
                {t('inbox:filters.chatbot')}
              </label>
              <select
                id={`${id}-chatbot`}
                value={filters.chatbotId ?? ''}
                onChange={(event) => update({ chatbotId: event.target.value || null })}
                className={selectClass}
              >
                <option value="">{t('inbox:filters.allChatbots')}</option>
                {chatbots.map((chatbot) => (
                  <option key={chatbot.id} value={chatbot.id}>
                    {chatbot.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-assignee`} className={labelClass}>
                {t('inbox:filters.assignee')}
              </label>
              <select
                id={`${id}-assignee`}
                value={filters.assignee}
                onChange={(event) => update({ assignee: event.target.value as TInboxFilters['assignee'] })}
                className={selectClass}
              >
                <option value="anyone">{t('inbox:filters.anyone')}</option>
                <option value="me">{t('inbox:filters.me')}</option>
                <option value="unassigned">{t('inbox:filters.unassigned')}</option>
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-handler`} className={labelClass}>
                {t('inbox:filters.handler')}
              </label>
              <select
                id={`${id}-handler`}
                value={filters.handler ?? ''}
                onChange={(event) => update({ handler: (event.target.value || null) as TInboxFilters['handler'] })}
                className={selectClass}
              >
                <option value="">{t('inbox:filters.botOrPerson')}</option>
                <option value="bot">{t('inbox:filters.bot')}</option>
                <option value="human">{t('inbox:filters.person')}</option>
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-tests`} className={labelClass}>
                {t('inbox:filters.show')}
              </label>
              <select
                id={`${id}-tests`}
                value={filters.tests ? 'tests' : ''}
                onChange={(event) => update({ tests: event.target.value === 'tests' })}
                className={selectClass}
              >
                <option value="">{t('inbox:filters.visitors')}</option>
                <option value="tests">{t('inbox:filters.tests')}</option>
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-sentiment`} className={labelClass}>
                {t('inbox:filters.sentiment')}
              </label>
              <select
                id={`${id}-sentiment`}
                value={filters.sentiment ?? ''}
                onChange={(event) => update({ sentiment: (event.target.value || null) as TInboxFilters['sentiment'] })}
                className={selectClass}
              >
                <option value="">{t('inbox:filters.anySentiment')}</option>
                <option value="positive">{t('inbox:filters.positive')}</option>
                <option value="neutral">{t('inbox:filters.neutral')}</option>
                <option value="negative">{t('inbox:filters.negative')}</option>
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-topic`} className={labelClass}>
                {t('inbox:filters.topic')}
              </label>
              <input
                id={`${id}-topic`}
                defaultValue={filters.topic ?? ''}
                key={filters.topic ?? ''}
                placeholder={t('inbox:filters.anyTopic')}
                onBlur={(event) => update({ topic: event.target.value.trim() || null })}
                onKeyDown={(event) =>
                  event.key === 'Enter' && update({ topic: event.currentTarget.value.trim() || null })
                }
                className={selectClass}
              />
            </div>
            <div>
              <label htmlFor={`${id}-language`} className={labelClass}>
                {t('inbox:filters.language')}
              </label>
              <input
                id={`${id}-language`}
                defaultValue={filters.language ?? ''}
                key={filters.language ?? ''}
                placeholder={t('inbox:filters.languagePlaceholder')}
                maxLength={3}
                onBlur={(event) => update({ language: event.target.value.trim().toLowerCase() || null })}
                onKeyDown={(event) =>
                  event.key === 'Enter' && update({ language: event.currentTarget.value.trim().toLowerCase() || null })
                }
                className={selectClass}
              />
            </div>
            <div>
              <label htmlFor={`${id}-from`} className={labelClass}>
                {t('inbox:filters.from')}
              </label>
              <input
                id={`${id}-from`}
                type="date"
                value={filters.from ?? ''}
                max={filters.to ?? undefined}
                onChange={(event) => update({ from: event.target.value || null })}
                className={selectClass}
              />
            </div>
            <div>
              <label htmlFor={`${id}-to`} className={labelClass}>
                {t('inbox:filters.to')}
              </label>
              <input
                id={`${id}-to`}
                type="date"
                value={filters.to ?? ''}
                min={filters.from ?? undefined}
                onChange={(event) => update({ to: event.target.value || null })}
                className={selectClass}
              />
            </div>
            {hasNarrowingFilters(filters) && (
              <button
                type="button"
                onClick={() =>
                  update({
                    chatbotId: null,
                    assignee: 'anyone',
                    handler: null,
                    from: null,
                    to: null,
                    tests: false,
                    topic: null,
                    sentiment: null,
                    language: null,
                  })
                }
                className="col-span-2 justify-self-start text-sm font-medium text-brand-700 hover:underline dark:text-brand-300"
              >
                {t('inbox:filters.clear')}
              </button>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
