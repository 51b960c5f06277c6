import { Link, useFetcher, useParams } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage } from '~/components/form-fields';
import { safeHref } from '../../../shared/safe-href';
import { buttonSecondary } from '~/lib/styles';
import type { TSourceActionResult } from './source-actions.server';
import { formatBytes } from './source-limits';
import { pagesSummary, progressOf } from './source-progress';
import { StatusBadge } from './status-badge';
import { SyncNowButton, SyncSummary, type TSyncView } from './sync-summary';

/** The fields of `knowledge.source.list` the pages show (dates arrive as strings and are not needed). */
export type TSourceRow = {
  id: string;
  kind: string;
  title: string;
  status: string;
  error: string | null;
  url: string | null;
  chunkCount: number;
  parentId: string | null;
  /** Uploads: the name and size of the file (the title may become the document's own title). */
  fileName?: string | null;
  sizeBytes?: number | null;
  /** Sitemaps: what the import found ("120 pages imported", or why it stopped). */
  note?: string | null;
} & Partial<Omit<TSyncView, 'id' | 'status'>>;

const KIND_LABELS: Record<string, string> = {
  text: 'knowledge:sources.kinds.text',
  faq: 'knowledge:sources.kinds.faq',
  file: 'knowledge:sources.kinds.file',
  url: 'knowledge:sources.kinds.url',
  sitemap: 'knowledge:sources.kinds.sitemap',
  crawl: 'knowledge:sources.kinds.crawl',
};

/** A sitemap with more pages than this starts folded, so one big site does not bury the other sources. */
const OPEN_CHILDREN_UP_TO = 5;

const buttonSmall = `${buttonSecondary} px-3 py-1.5`;

/**
 * The chatbot's sources with their live status; a sitemap's pages are nested
 * under it. Admins get Retry (failed sources) and Delete (after a
 * confirmation in the row itself).
 */
export function SourceList({ sources, isAdmin, label }: { sources: TSourceRow[]; isAdmin: boolean; label?: string }) {
  const { t } = useTranslation();
  const ids = new Set(sources.map((source) => source.id));
  const children = new Map<string, TSourceRow[]>();
  for (const source of sources) {
    if (source.parentId && ids.has(source.parentId)) {
      children.set(source.parentId, [...(children.get(source.parentId) ?? []), source]);
    }
  }
  const top = sources.filter((source) => !source.parentId || !ids.has(source.parentId));
  return (
    <ul
      aria-label={label ?? t('knowledge:sources.heading')}
      data-source-list
      tabIndex={-1}
      className="divide-y focus:outline-none divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200 dark:divide-slate-800 dark:bg-slate-900 dark:ring-slate-800"
    >
      {top.map((source) => (
        <SourceItem key={source.id} source={source} pages={children.get(source.id)} isAdmin={isAdmin} />
      ))}
    </ul>
  );
}

function SourceItem({ source, pages, isAdmin }: { source: TSourceRow; pages?: TSourceRow[]; isAdmin: boolean }) {
  return (
    <li className="p-4">
      <SourceRow source={source} isAdmin={isAdmin} pageCount={pages?.length} />
      {pages && pages.length > 0 && <SitemapPages pages={pages} isAdmin={isAdmin} />}
    </li>
  );
}

function SitemapPages({ pages, isAdmin }: { pages: TSourceRow[]; isAdmin: boolean }) {
  const { t } = useTranslation();
  const summary = pagesSummary(t, pages);
  return (
    <details open={pages.length <= OPEN_CHILDREN_UP_TO} className="group mt-3 sm:ml-6">
      <summary className="cursor-pointer rounded-md text-sm font-medium text-slate-700 select-none hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:text-slate-300 dark:hover:text-white">
        {summary}
      </summary>
      <ul className="mt-2 divide-y divide-slate-100 border-l-2 border-slate-200 pl-3 sm:pl-4 dark:divide-slate-800 dark:border-slate-700">
        {pages.map((page) => (
          <li key={page.id} className="py-3">
            <SourceRow source={page} isAdmin={isAdmin} />
          </li>
        ))}
      </ul>
    </details>
  );
}

function SourceRow({ source, isAdmin, pageCount }: { source: TSourceRow; isAdmin: boolean; pageCount?: number }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<TSourceActionResult>();
  const [confirming, setConfirming] = useState(false);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const submitting = fetcher.state !== 'idle' ? String(fetcher.formData?.get('intent') ?? '') : null;
  const failure = fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  const href = safeHref(source.url);
  const meta = [
    // An upload's title can become the document's own; the file name then still says which file it was.
    source.fileName && source.fileName !== source.title ? source.fileName : null,
    source.sizeBytes ? formatBytes(t, source.sizeBytes) : null,
    progressOf(t, source, pageCount ?? 0),
  ]
    .filter(Boolean)
    .join(' · ');
  const { chatbotId } = useParams();
  const isSynced = !source.parentId && ['url', 'sitemap', 'crawl'].includes(source.kind) && !!source.syncInterval;
  const wasConfirming = useRef(false);
  const deleted = useRef(false);

  // Focus follows the confirmation: onto "Yes, delete" when it opens, back to Delete when cancelled,
  // and onto the list when the row is about to disappear (so keyboard users are not dropped at the page top).
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (deleted.current) deleteRef.current?.closest<HTMLElement>('[data-source-list]')?.focus();
    else if (wasConfirming.current) deleteRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const post = (intent: 'delete' | 'retry') => fetcher.submit({ intent, sourceId: source.id }, { method: 'post' });

  return (
    <div
      className={`flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between ${submitting === 'delete' ? 'opacity-50' : ''}`}
    >
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 font-medium text-slate-900 dark:text-white">
          <span className="text-xs font-normal tracking-wide text-slate-600 uppercase dark:text-slate-400">
            {KIND_LABELS[source.kind] ? t(KIND_LABELS[source.kind]!) : source.kind}
          </span>
          <span className="min-w-0 break-words">{source.title}</span>
          <StatusBadge status={source.status} />
        </p>
        {/* A page not fetched yet is titled by its address: no need to show it twice. */}
        {source.url &&
          source.url !== source.title &&
          (href ? (
            <a
              href={href}
              target="_blank"
              rel="noreferrer noopener"
              className="mt-0.5 block truncate text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-300"
            >
              {source.url}
            </a>
          ) : (
            // Stored before imports were checked: shown, never followed.
            <p className="mt-0.5 truncate text-sm text-slate-600 dark:text-slate-400">{source.url}</p>
          ))}
        {source.note && <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{source.note}</p>}
        {meta && <p className="mt-0.5 text-sm break-words text-slate-600 dark:text-slate-400">{meta}</p>}
        {isSynced && <SyncSummary source={{ ...source, syncInterval: source.syncInterval ?? 'daily' }} />}
        {source.status === 'failed' && source.error && (
          <p className="mt-1 text-sm text-red-700 dark:text-red-400">{source.error}</p>
        )}
        {failure && (
          <div className="mt-2">
            <FormMessage message={failure} />
          </div>
        )}
      </div>
      {isAdmin &&
        (confirming ? (
          <div
            role="group"
            aria-label={t('knowledge:sources.deleteLabel', { title: source.title })}
            className="flex shrink-0 flex-wrap items-center gap-2 rounded-md bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950/40 dark:text-red-200"
          >
            <span>
              {pageCount
                ? t('knowledge:sources.confirmDeleteWithPages', { count: pageCount })
                : t('knowledge:sources.confirmDelete')}
            </span>
            <button
              ref={confirmRef}
              type="button"
              className="inline-flex items-center rounded-md bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-800"
              onClick={() => {
                deleted.current = true;
                setConfirming(false);
                post('delete');
              }}
            >
              {t('knowledge:actions.yesDelete')}
            </button>
            <button type="button" className={buttonSmall} onClick={() => setConfirming(false)}>
              {t('common:actions.cancel')}
            </button>
          </div>
        ) : (
          <div className="flex shrink-0 flex-wrap items-center gap-2">
            {isSynced && (
              <SyncNowButton
                source={{ ...source, syncInterval: source.syncInterval ?? 'daily' }}
                label={source.title}
              />
            )}
            {source.kind !== 'faq' && (
              <Link to={`/app/chatbots/${chatbotId}/sources/${source.id}`} className={buttonSmall}>
                {t('common:actions.edit')} <span className="sr-only">{source.title}</span>
              </Link>
            )}
            {source.status === 'failed' && (
              <button
                type="button"
                className={buttonSmall}
                disabled={submitting !== null}
                onClick={() => post('retry')}
              >
                {submitting === 'retry' ? t('knowledge:actions.retrying') : t('knowledge:actions.retry')}{' '}
                <span className="sr-only">{source.title}</span>
              </button>
            )}
            <button
              ref={deleteRef}
              type="button"
              className={`${buttonSmall} text-red-700 dark:text-red-400`}
              disabled={submitting !== null}
              onClick={() => {
                deleted.current = false;
                setConfirming(true);
              }}
            >
              {submitting === 'delete' ? t('knowledge:actions.deleting') : t('common:actions.delete')}{' '}
              <span className="sr-only">{source.title}</span>
            </button>
          </div>
        ))}
    </div>
  );
}
