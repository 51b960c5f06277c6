import { useRouteLoaderData } from '@remix-run/react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '~/lib/trpc';
import type { loader as rootLoader } from '~/root';

const DATABASE_NAMES = { pglite: 'PGlite', postgres: 'Postgres' } as const;

type Tone = 'ok' | 'warn' | 'down' | 'unknown';

const DOT_CLASS: Record<Tone, string> = {
  ok: 'bg-emerald-500',
  warn: 'bg-amber-500',
  down: 'bg-red-500',
  unknown: 'bg-slate-400 animate-pulse',
};

/** A live line from the server itself, so a glance at any page shows whether the install is healthy. */
export function SystemStatus() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const rendered = useRouteLoaderData<typeof rootLoader>('root')?.health ?? undefined;
  const health = useQuery(
    trpc.system.health.queryOptions(undefined, {
      initialData: rendered,
      refetchInterval: 60_000,
      retry: 1,
    }),
  );

  let tone: Tone = 'unknown';
  let text = t('common:status.checking');
  if (health.data) {
    const { database, migrations } = health.data;
    const migrationText = migrations.isCurrent
      ? t('common:status.migrationsCurrent')
      : t('common:status.migrationsPending', { applied: migrations.applied, expected: migrations.expected });
    tone = migrations.isCurrent ? 'ok' : 'warn';
    text = t('common:status.line', { database: DATABASE_NAMES[database], migrations: migrationText });
  } else if (health.isError) {
    tone = 'down';
    text = t('common:status.down');
  }

  return (
    <p className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400" data-testid="system-status">
      <span className={`inline-block size-2 shrink-0 rounded-full ${DOT_CLASS[tone]}`} aria-hidden="true" />
      <span>{text}</span>
    </p>
  );
}
