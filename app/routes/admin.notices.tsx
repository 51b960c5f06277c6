import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { Badge, Card, Cell, formatDateTime, inputClass, PageTitle, smallButton, Table } from '~/components/admin/ui';
import { FormMessage } from '~/components/form-fields';
import { runFormAction, unknownForm } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';

export async function loader({ context, request }: LoaderFunctionArgs) {
  return { notices: await orHttpError(request, context.trpc.admin.notices.list()), now: new Date() };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const result = await runFormAction(form, async () => {
    if (intent === 'publish') {
      const hours = Number(form.get('hours'));
      return context.trpc.admin.notices.publish({
        level: String(form.get('level')) as 'info' | 'warning',
        message: String(form.get('message') ?? ''),
        endsAt: new Date(Date.now() + (Number.isFinite(hours) ? hours : 0) * 3_600_000),
      });
    }
    if (intent === 'end') return context.trpc.admin.notices.end({ noticeId: String(form.get('noticeId') ?? '') });
    throw unknownForm(intent);
  });
  if (!result.ok) return result;
  return {
    ok: true as const,
    message: intent === 'publish' ? 'Published: every signed-in page shows it now.' : 'Ended.',
  };
}

const DURATIONS = [
  { hours: 1, label: '1 hour' },
  { hours: 4, label: '4 hours' },
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '1 week' },
];

export default function AdminNotices() {
  const { notices, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const fieldErrors = result && !result.ok ? result.fieldErrors : {};
  return (
    <>
      <PageTitle>Notices</PageTitle>
      <FormMessage message={result?.message} tone={result?.ok ? 'success' : 'error'} />
      <Card title="Publish a banner">
        <Form method="post" className="space-y-3">
          <label className="block text-sm text-slate-700 dark:text-slate-300">
            Message (shown at the top of every signed-in page)
            <input
              name="message"
              required
              minLength={3}
              maxLength={300}
              className={`${inputClass} mt-1 block w-full`}
            />
            {fieldErrors.message?.map((error) => (
              <span key={error} className="text-red-700 dark:text-red-400">
                {error}
              </span>
            ))}
          </label>
          <div className="flex flex-wrap items-end gap-3">
            <label className="text-sm text-slate-700 dark:text-slate-300">
              Kind
              <select name="level" defaultValue="info" className={`${inputClass} mt-1 block`}>
                <option value="info">Information</option>
                <option value="warning">Warning (maintenance, incident)</option>
              </select>
            </label>
            <label className="text-sm text-slate-700 dark:text-slate-300">
              Show for
              <select name="hours" defaultValue="4" className={`${inputClass} mt-1 block`}>
                {DURATIONS.map((duration) => (
                  <option key={duration.hours} value={duration.hours}>
                    {duration.label}
                  </option>
                ))}
              </select>
            </label>
            <button name="intent" value="publish" className={smallButton}>
              Publish notice
            </button>
          </div>
        </Form>
      </Card>
      <Table label="Recent notices" head={['Notice', 'Kind', 'Published', 'Ends', '']}>
        {notices.map((notice) => {
          const isShowing = new Date(notice.endsAt) > new Date(now);
          return (
            <tr key={notice.id}>
              <Cell>{notice.message}</Cell>
              <Cell>{notice.level}</Cell>
              <Cell>{formatDateTime(notice.createdAt)}</Cell>
              <Cell>{isShowing ? formatDateTime(notice.endsAt) : <Badge tone="slate">Ended</Badge>}</Cell>
              <Cell>
                {isShowing && (
                  <Form method="post">
                    <input type="hidden" name="noticeId" value={notice.id} />
                    <button name="intent" value="end" className={smallButton}>
                      End now
                    </button>
                  </Form>
                )}
              </Cell>
            </tr>
          );
        })}
      </Table>
    </>
  );
}
