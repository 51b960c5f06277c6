import { Form } from '@remix-run/react';
import type { inferRouterOutputs } from '@trpc/server';
import { useTranslation } from 'react-i18next';
import { useFormat, type TFormat } from '~/lib/format';
import type { AppRouter } from '../../../server/trpc/router';

export type TKeyRow = inferRouterOutputs<AppRouter>['developer']['listKeys'][number];

// A fixed zone: the server's and the browser's default could differ and break hydration.
const at = (format: TFormat, date: Date | string) => `${format.dateAndTime(date, { timeZone: 'UTC' })} UTC`;

const stateOf = (key: TKeyRow) => {
  if (key.revokedAt)
    return {
      label: 'developers:keyList.state.revoked',
      tone: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
    };
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now())
    return {
      label: 'developers:keyList.state.expired',
      tone: 'bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
    };
  return {
    label: 'developers:keyList.state.active',
    tone: 'bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200',
  };
};

/** The workspace's keys: prefix, scopes, expiry, last use; revoking asks once. */
export function KeyList({ keys }: { keys: TKeyRow[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (keys.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">{t('developers:keyList.empty')}</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200 dark:divide-slate-800 dark:ring-slate-800">
      {keys.map((key) => {
        const state = stateOf(key);
        const facts = [
          t('developers:keyList.created', { date: at(format, key.createdAt) }),
          key.expiresAt
            ? t('developers:keyList.expires', { date: at(format, key.expiresAt) })
            : t('developers:keyList.neverExpires'),
          key.lastUsedAt
            ? t('developers:keyList.lastUsed', { date: at(format, key.lastUsedAt), ip: key.lastUsedIp })
            : t('developers:keyList.neverUsed'),
        ];
        return (
          <li key={key.id} className="flex flex-wrap items-start justify-between gap-3 p-4" aria-label={key.name}>
            <div className="min-w-0 space-y-1">
              <p className="flex items-center gap-2 font-medium text-slate-900 dark:text-white">
                {key.name}
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${state.tone}`}>{t(state.label)}</span>
              </p>
              <p className="font-mono text-xs text-slate-600 dark:text-slate-400">{key.prefix}_…</p>
              {/* Scope names are identifiers, the same in every language. */}
              <p className="text-xs text-slate-600 dark:text-slate-400">{key.scopes.join(', ')}</p>
              <p className="text-xs text-slate-600 dark:text-slate-400">{facts.join(' · ')}</p>
            </div>
            {!key.revokedAt && (
              <Form
                method="post"
                onSubmit={(event) => {
                  if (!confirm(t('developers:keyList.confirmRevoke', { name: key.name }))) event.preventDefault();
                }}
              >
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="keyId" value={key.id} />
                <button
                  type="submit"
                  className="rounded-md px-3 py-1.5 text-sm font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-50 dark:text-red-300 dark:ring-red-900 dark:hover:bg-red-950"
                >
                  {t('developers:keyList.revoke')}
                </button>
              </Form>
            )}
          </li>
        );
      })}
    </ul>
  );
}
