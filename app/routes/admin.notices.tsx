import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Badge, Card, Cell, inputClass, PageTitle, smallButton, Table, useAdminFormat } from '~/components/admin/ui';
import { FormMessage } from '~/components/form-fields';
import { runFormAction, unknownForm } from '~/lib/forms.server';
import { requestT } from '~/lib/i18n.server';
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
  const t = requestT(context);
  return {
    ok: true as const,
    message: t(intent === 'publish' ? 'admin:notices.published' : 'admin:notices.ended'),
  };
}

const DURATIONS = [
  { hours: 1, label: 'admin:notices.durations.oneHour' },
  { hours: 4, label: 'admin:notices.durations.fourHours' },
  { hours: 24, label: 'admin:notices.durations.oneDay' },
  { hours: 72, label: 'admin:notices.durations.threeDays' },
  { hours: 168, label: 'admin:notices.durations.oneWeek' },
] as const;

const LEVELS: Record<string, string> = {
  info: 'admin:notices.levels.info',
  warning: 'admin:notices.levels.warning',
};

export default function AdminNotices() {
  const { notices, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useAdminFormat();
  const fieldErrors = result && !result.ok ? result.fieldErrors : {};
  return (
    <>
      <PageTitle>{t('admin:notices.title')}</PageTitle>
      <FormMessage message={result?.message} tone={result?.ok ? 'success' : 'error'} />
      <Card title={t('admin:notices.publishTitle')}>
        <Form method="post" className="space-y-3">
          <label className="block text-sm text-slate-700 dark:text-slate-300">
            {t('admin:notices.message')}
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
              {t('admin:notices.kind')}
              <select name="level" defaultValue="info" className={`${inputClass} mt-1 block`}>
                <option value="info">{t('admin:notices.kinds.info')}</option>
                <option value="warning">{t('admin:notices.kinds.warning')}</option>
              </select>
            </label>
            <label className="text-sm text-slate-700 dark:text-slate-300">
              {t('admin:notices.showFor')}
              <select name="hours" defaultValue="4" className={`${inputClass} mt-1 block`}>
                {DURATIONS.map((duration) => (
                  <option key={duration.hours} value={duration.hours}>
                    {t(duration.label)}
                  </option>
                ))}
              </select>
            </label>
            <button name="intent" value="publish" className={smallButton}>
              {t('admin:notices.publish')}
            </button>
          </div>
        </Form>
      </Card>
      <Table
        label={t('admin:notices.recent')}
        head={[
          t('admin:notices.columns.notice'),
          t('admin:notices.columns.kind'),
          t('admin:notices.columns.published'),
          t('admin:notices.columns.ends'),
          '',
        ]}
      >
        {notices.map((notice) => {
          const isShowing = new Date(notice.endsAt) > new Date(now);
          const level = LEVELS[notice.level];
          return (
            <tr key={notice.id}>
              <Cell>{notice.message}</Cell>
              <Cell>{level ? t(level) : notice.level}</Cell>
              <Cell>{format.dateTime(notice.createdAt)}</Cell>
              <Cell>
                {isShowing ? (
                  format.dateTime(notice.endsAt)
                ) : (
                  <Badge tone="slate">{t('admin:notices.endedBadge')}</Badge>
                )}
              </Cell>
              <Cell>
                {isShowing && (
                  <Form method="post">
                    <input type="hidden" name="noticeId" value={notice.id} />
                    <button name="intent" value="end" className={smallButton}>
                      {t('admin:notices.endNow')}
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
