import { useRouteLoaderData } from '@remix-run/react';
import { useQuery } from '@tanstack/react-query';
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
  let text = 'Checking the server…';
  if (health.data) {
    const { database, migrations } = health.data;
    const migrationText = migrations.isCurrent
      ? 'migrations current'
      : `migrations pending (${migrations.applied} of ${migrations.expected} applied)`;
    tone = migrations.isCurrent ? 'ok' : 'warn';
    text = `Database: ${DATABASE_NAMES[database]} · ${migrationText}`;
  } else if (health.isError) {
    tone = 'down';
    text = 'The server is not answering. Retrying every minute.';
  }

  return (
    <p className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400" data-testid="system-status">
      <span className={`inline-block size-2 shrink-0 rounded-full ${DOT_CLASS[tone]}`} aria-hidden="true" />
      <span>{text}</span>
    </p>
  );
}
