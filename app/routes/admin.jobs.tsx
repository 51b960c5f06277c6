import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useSubmit } from '@remix-run/react';
import { Card, Cell, formatDateTime, PageTitle, smallButton, Table } from '~/components/admin/ui';
import { FormMessage } from '~/components/form-fields';
import { runFormAction, unknownForm } from '~/lib/forms.server';
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
  const verb = intent === 'retry' ? 'Put back in the queue' : 'Dropped';
  return { ok: true as const, message: `${verb}: ${result.data.count} job${result.data.count === 1 ? '' : 's'}.` };
}

export default function AdminJobs() {
  const { queues, failed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  // A row's own button acts on that row only, whatever boxes are checked.
  const actOn = (intent: 'retry' | 'drop', job: string) => () => submit({ intent, job }, { method: 'post' });
  return (
    <>
      <PageTitle>Jobs</PageTitle>
      <FormMessage message={result?.message} tone={result?.ok ? 'success' : 'error'} />
      <Table label="Queues" head={['Queue', 'Queued', 'Running', 'Failed', 'Completed', 'Oldest waiting']}>
        {queues.map((queue) => (
          <tr key={queue.queue}>
            <Cell>{queue.queue}</Cell>
            <Cell className="tabular-nums">{queue.queued}</Cell>
            <Cell className="tabular-nums">{queue.active}</Cell>
            <Cell className="tabular-nums">{queue.failed}</Cell>
            <Cell className="tabular-nums">{queue.completed}</Cell>
            <Cell className="tabular-nums">
              {queue.oldestWaitSeconds > 0 ? `${Math.round(queue.oldestWaitSeconds)} s` : '—'}
            </Cell>
          </tr>
        ))}
      </Table>

      <Card title={`Failed jobs (${failed.length})`}>
        {failed.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No failed jobs.</p>
        ) : (
          <Form method="post" className="space-y-3">
            <div className="flex gap-2">
              <button name="intent" value="retry" className={smallButton}>
                Retry selected
              </button>
              <button name="intent" value="drop" className={smallButton}>
                Drop selected
              </button>
            </div>
            <Table label="Failed jobs" head={['', 'Queue', 'Error', 'Tries', 'Failed', '']}>
              {failed.map((job) => (
                <tr key={job.id}>
                  <Cell>
                    <input
                      type="checkbox"
                      name="job"
                      value={`${job.queue}:${job.id}`}
                      aria-label={`Select job ${job.id}`}
                    />
                  </Cell>
                  <Cell>{job.queue}</Cell>
                  <Cell className="max-w-md break-words text-red-800 dark:text-red-300">{job.error}</Cell>
                  <Cell className="tabular-nums">{job.retryCount}</Cell>
                  <Cell>{formatDateTime(job.failedAt)}</Cell>
                  <Cell>
                    <span className="flex gap-1">
                      <button type="button" className={smallButton} onClick={actOn('retry', `${job.queue}:${job.id}`)}>
                        Retry
                      </button>
                      <button type="button" className={smallButton} onClick={actOn('drop', `${job.queue}:${job.id}`)}>
                        Drop
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
