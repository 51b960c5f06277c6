import { Form } from '@remix-run/react';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/trpc/router';

export type TKeyRow = inferRouterOutputs<AppRouter>['developer']['listKeys'][number];

// A fixed locale and zone: the server's and the browser's default could differ and break hydration.
const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const at = (date: Date | string | null) => (date ? `${when.format(new Date(date))} UTC` : null);

const stateOf = (key: TKeyRow) => {
  if (key.revokedAt)
    return { label: 'Revoked', tone: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300' };
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now())
    return { label: 'Expired', tone: 'bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100' };
  return { label: 'Active', tone: 'bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200' };
};

/** The workspace's keys: prefix, scopes, expiry, last use; revoking asks once. */
export function KeyList({ keys }: { keys: TKeyRow[] }) {
  if (keys.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">No keys yet. Create one above.</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200 dark:divide-slate-800 dark:ring-slate-800">
      {keys.map((key) => {
        const state = stateOf(key);
        return (
          <li key={key.id} className="flex flex-wrap items-start justify-between gap-3 p-4" aria-label={key.name}>
            <div className="min-w-0 space-y-1">
              <p className="flex items-center gap-2 font-medium text-slate-900 dark:text-white">
                {key.name}
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${state.tone}`}>{state.label}</span>
              </p>
              <p className="font-mono text-xs text-slate-600 dark:text-slate-400">{key.prefix}_…</p>
              <p className="text-xs text-slate-600 dark:text-slate-400">{key.scopes.join(', ')}</p>
              <p className="text-xs text-slate-600 dark:text-slate-400">
                Created {at(key.createdAt)}
                {key.expiresAt ? ` · expires ${at(key.expiresAt)}` : ' · never expires'}
                {' · '}
                {key.lastUsedAt ? `last used ${at(key.lastUsedAt)} from ${key.lastUsedIp}` : 'never used'}
              </p>
            </div>
            {!key.revokedAt && (
              <Form
                method="post"
                onSubmit={(event) => {
                  if (!confirm(`Revoke “${key.name}”? Programs using it stop working at once.`)) event.preventDefault();
                }}
              >
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="keyId" value={key.id} />
                <button
                  type="submit"
                  className="rounded-md px-3 py-1.5 text-sm font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-50 dark:text-red-300 dark:ring-red-900 dark:hover:bg-red-950"
                >
                  Revoke
                </button>
              </Form>
            )}
          </li>
        );
      })}
    </ul>
  );
}
