import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '~/lib/format';
import { buttonSecondary } from '~/lib/styles';
import { useTRPC } from '~/lib/trpc';
import { cardClass } from './chart-card';

const RUN_STATUS = {
  running: 'analytics:relabel.running',
  failed: 'analytics:relabel.failed',
  finished: 'analytics:relabel.finished',
} as const;

/**
 * For admins: labels the period's conversations again (topic, sentiment,
 * language), e.g. after adding a Gemini key, with the run's progress
 * polled every two seconds while it runs.
 */
export function RelabelPanel({ workspaceId, from, to }: { workspaceId: string; from: string; to: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const statusOptions = trpc.analytics.relabelStatus.queryOptions({ workspaceId });
  const { data: run } = useQuery({
    ...statusOptions,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 2000 : false),
  });
  const start = useMutation(
    trpc.analytics.relabel.mutationOptions({
      onSuccess: (started) => queryClient.setQueryData(statusOptions.queryKey, started),
    }),
  );
  const isRunning = run?.status === 'running';
  const percent = run && run.total ? Math.round((run.done / run.total) * 100) : 100;
  const day = (iso: string) => format.date(`${iso}T00:00:00Z`, { timeZone: 'UTC' });
  return (
    <section aria-labelledby="relabel-heading" className={cardClass}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="relabel-heading" className="text-sm font-semibold text-slate-900 dark:text-white">
            {t('analytics:relabel.heading')}
          </h2>
          <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
            {t('analytics:relabel.intro', { from: day(from), to: day(to) })}
          </p>
        </div>
        <button
          type="button"
          className={buttonSecondary}
          disabled={isRunning || start.isPending}
          onClick={() => start.mutate({ workspaceId, from, to })}
        >
          {t('analytics:relabel.start')}
        </button>
      </div>
      {start.error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {start.error.message}
        </p>
      )}
      {run && (
        <div className="mt-3" aria-live="polite">
          <div
            role="progressbar"
            aria-label={t('analytics:relabel.progress')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-2 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800"
          >
            <div
              className={`h-full ${run.status === 'failed' ? 'bg-red-600' : 'bg-brand-600 dark:bg-brand-400'}`}
              style={{ width: `${percent}%` }}
            />
          </div>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid="relabel-status">
            {t(RUN_STATUS[run.status], {
              count: run.total,
              done: run.done,
              from: day(run.from),
              to: day(run.to),
            })}
          </p>
        </div>
      )}
    </section>
  );
}
