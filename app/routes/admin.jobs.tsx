import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useSubmit } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Card, Cell, PageTitle, smallButton, Table, useAdminFormat } from '~/components/admin/ui';
import { FormMessage } from '~/components/form-fields';
import { runFormAction, unknownForm } from '~/lib/forms.server';
import { requestT } from '~/lib/i18n.server';
import { orHttpError } from '~/lib/loader-errors.server';

export async function loader({ context, request }: LoaderFunctionArgs) {
  return orHttpError(request, context.trpc.admin.jobs.list({ limit: 100 }));
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  // Each checked box (or the one row's button) is "queue:id".
  const jobs = form
    .getAll('job')
    .map(String)
    .map((value) => ({ queue: value.slice(0, value.lastIndexOf(':')), id: value.slice(value.lastIndexOf(':') + 1) }));
  const result = await runFormAction(form, async () => {
    if (intent === 'retry') return context.trpc.admin.jobs.retry({ jobs });
    if (intent === 'drop') return context.trpc.admin.jobs.drop({ jobs });
    throw unknownForm(intent);
  });
  if (!result.ok) return result;
  const t = requestT(context);
  const key = intent === 'retry' ? 'admin:jobs.retried' : 'admin:jobs.dropped';
  return { ok: true as const, message: t(key, { count: result.data.count }) };
}

export default function AdminJobs() {
  const { queues, failed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const { t } = useTranslation();
  const format = useAdminFormat();
  // A row's own button acts on that row only, whatever boxes are checked.
  const actOn = (intent: 'retry' | 'drop', job: string) => () => submit({ intent, job }, { method: 'post' });
  return (
    <>
      <PageTitle>{t('admin:jobs.title')}</PageTitle>
      <FormMessage message={result?.message} tone={result?.ok ? 'success' : 'error'} />
      <Table
        label={t('admin:jobs.queues')}
        head={[
          t('admin:jobs.columns.queue'),
          t('admin:jobs.columns.queued'),
          t('admin:jobs.columns.running'),
          t('admin:jobs.columns.failed'),
          t('admin:jobs.columns.completed'),
          t('admin:jobs.columns.oldestWaiting'),
        ]}
      >
        {queues.map((queue) => (
          <tr key={queue.queue}>
            <Cell>{queue.queue}</Cell>
            <Cell className="tabular-nums">{queue.queued}</Cell>
            <Cell className="tabular-nums">{queue.active}</Cell>
            <Cell className="tabular-nums">{queue.failed}</Cell>
            <Cell className="tabular-nums">{queue.completed}</Cell>
            <Cell className="tabular-nums">
              {queue.oldestWaitSeconds > 0
                ? t('admin:jobs.seconds', { seconds: Math.round(queue.oldestWaitSeconds) })
                : '—'}
            </Cell>
          </tr>
        ))}
      </Table>

      <Card title={t('admin:jobs.failedTitle', { total: failed.length })}>
        {failed.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('admin:jobs.noFailed')}</p>
        ) : (
          <Form method="post" className="space-y-3">
            <div className="flex gap-2">
              <button name="intent" value="retry" className={smallButton}>
                {t('admin:jobs.retrySelected')}
              </button>
              <button name="intent" value="drop" className={smallButton}>
                {t('admin:jobs.dropSelected')}
              </button>
            </div>
            <Table
              label={t('admin:jobs.failed')}
              head={[
                '',
                t('admin:jobs.columns.queue'),
                t('admin:jobs.columns.error'),
                t('admin:jobs.columns.tries'),
                t('admin:jobs.columns.failed'),
                '',
              ]}
            >
              {failed.map((job) => (
                <tr key={job.id}>
                  <Cell>
                    <input
                      type="checkbox"
                      name="job"
                      value={`${job.queue}:${job.id}`}
                      aria-label={t('admin:jobs.select', { id: job.id })}
                    />
                  </Cell>
                  <Cell>{job.queue}</Cell>
                  <Cell className="max-w-md break-words text-red-800 dark:text-red-300">{job.error}</Cell>
                  <Cell className="tabular-nums">{job.retryCount}</Cell>
                  <Cell>{format.dateTime(job.failedAt)}</Cell>
                  <Cell>
                    <span className="flex gap-1">
                      <button type="button" className={smallButton} onClick={actOn('retry', `${job.queue}:${job.id}`)}>
                        {t('admin:jobs.retry')}
                      </button>
                      <button type="button" className={smallButton} onClick={actOn('drop', `${job.queue}:${job.id}`)}>
                        {t('admin:jobs.drop')}
                      </button>
                    </span>
                  </Cell>
                </tr>
              ))}
            </Table>
          </Form>
        )}
      </Card>
    </>
  );
}
