import { useFetcher } from '@remix-run/react';
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
  unchanged: 'no changes',
  updated: 'updated',
  failed: 'failed',
  queued: 'sync queued…',
};

const when = (value: string | Date) =>
  new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "Last synced 3 Dec, 18:02 (no changes) · next 4 Dec, 17:40", and the error of a failed sync. */
export function SyncSummary({ source }: { source: TSyncView }) {
  const parts = [
    source.lastSyncedAt
      ? `Last synced ${when(source.lastSyncedAt)}${source.lastSyncResult && RESULTS[source.lastSyncResult] ? ` (${RESULTS[source.lastSyncResult]})` : ''}`
      : source.lastSyncResult === 'queued'
        ? 'Sync queued…'
        : null,
    source.syncInterval === 'off' ? 'Automatic sync off' : source.nextSyncAt ? `next ${when(source.nextSyncAt)}` : null,
  ].filter(Boolean);
  return (
    <div data-sync-summary className="text-sm text-slate-600 dark:text-slate-400">
      {parts.length > 0 && <p>{parts.join(' · ')}</p>}
      {source.lastSyncResult === 'failed' && source.syncError && (
        <p className="mt-0.5 text-red-700 dark:text-red-400">
          The last sync failed: {source.syncError} The chatbot keeps answering from the last good version.
        </p>
      )}
    </div>
  );
}

/** "Sync now": fetches the source again at once (the server refuses while it is still importing). */
export function SyncNowButton({ source, label }: { source: TSyncView; label: string }) {
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
        {busy ? 'Queuing…' : 'Sync now'} <span className="sr-only">{label}</span>
      </button>
      {failure && <span className="text-sm text-red-700 dark:text-red-400">{failure}</span>}
    </>
  );
}
