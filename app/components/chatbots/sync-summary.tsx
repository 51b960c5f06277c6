import { useFetcher } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '~/lib/format';
import { buttonSecondary } from '~/lib/styles';
import type { TSourceActionResult } from './source-actions.server';

/** A web source's sync fields as the list and the edit page receive them (dates may arrive as strings). */
export type TSyncView = {
  id: string;
  status: string;
  syncInterval: string;
  lastSyncedAt?: string | Date | null;
  lastSyncResult?: string | null;
  syncError?: string | null;
  nextSyncAt?: string | Date | null;
};

const RESULTS: Record<string, string> = {
  unchanged: 'knowledge:sync.results.unchanged',
  updated: 'knowledge:sync.results.updated',
  failed: 'knowledge:sync.results.failed',
  queued: 'knowledge:sync.results.queued',
};

/** "Last synced 3 Dec, 18:02 (no changes) · next 4 Dec, 17:40", and the error of a failed sync. */
export function SyncSummary({ source }: { source: TSyncView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const when = (value: string | Date) => format.dateAndTime(value);
  const result = source.lastSyncResult ? RESULTS[source.lastSyncResult] : undefined;
  const parts = [
    source.lastSyncedAt
      ? result
        ? t('knowledge:sync.lastSyncedWithResult', { when: when(source.lastSyncedAt), result: t(result) })
        : t('knowledge:sync.lastSynced', { when: when(source.lastSyncedAt) })
      : source.lastSyncResult === 'queued'
        ? t('knowledge:sync.queued')
        : null,
    source.syncInterval === 'off'
      ? t('knowledge:sync.automaticOff')
      : source.nextSyncAt
        ? t('knowledge:sync.next', { when: when(source.nextSyncAt) })
        : null,
  ].filter(Boolean);
  return (
    <div data-sync-summary className="text-sm text-slate-600 dark:text-slate-400">
      {parts.length > 0 && <p>{parts.join(' · ')}</p>}
      {source.lastSyncResult === 'failed' && source.syncError && (
        <p className="mt-0.5 text-red-700 dark:text-red-400">
          {t('knowledge:sync.failed', { error: source.syncError })}
        </p>
      )}
    </div>
  );
}

/** "Sync now": fetches the source again at once (the server refuses while it is still importing). */
export function SyncNowButton({ source, label }: { source: TSyncView; label: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<TSourceActionResult>();
  const busy = fetcher.state !== 'idle';
  const failure = fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  return (
    <>
      <button
        type="button"
        className={`${buttonSecondary} px-3 py-1.5 disabled:opacity-70`}
        disabled={busy || source.status !== 'ready'}
        onClick={() => fetcher.submit({ intent: 'sync', sourceId: source.id }, { method: 'post' })}
      >
        {busy ? t('knowledge:sync.queuing') : t('knowledge:sync.now')} <span className="sr-only">{label}</span>
      </button>
      {failure && <span className="text-sm text-red-700 dark:text-red-400">{failure}</span>}
    </>
  );
}
