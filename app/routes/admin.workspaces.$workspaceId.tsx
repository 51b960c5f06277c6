import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Card,
  CHATBOT_STATUSES,
  Cell,
  dangerButton,
  inputClass,
  PageTitle,
  ROLES,
  smallButton,
  Table,
  useAdminFormat,
} from '~/components/admin/ui';
import { FormMessage } from '~/components/form-fields';
import { runFormAction, unknownForm } from '~/lib/forms.server';
import { requestT } from '~/lib/i18n.server';
import { orHttpError } from '~/lib/loader-errors.server';

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return orHttpError(request, context.trpc.admin.workspaces.get({ workspaceId: params.workspaceId! }));
}

const DONE: Record<string, string> = {
  suspend: 'admin:workspace.done.suspend',
  restore: 'admin:workspace.done.restore',
  limits: 'admin:workspace.done.limits',
};

/** Each plan limit by its metric (usage/limits.ts), with its period and unit. */
const LIMITS = {
  messages: 'admin:workspace.limits.messages',
  tokens: 'admin:workspace.limits.tokens',
  documents: 'admin:workspace.limits.documents',
  storage: 'admin:workspace.limits.storage',
  webhooks: 'admin:workspace.limits.webhooks',
} as const;

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const workspaceId = params.workspaceId!;
  const intent = String(form.get('intent') ?? '');
  const result = await runFormAction(form, async () => {
    if (intent === 'suspend') {
      return context.trpc.admin.workspaces.suspend({ workspaceId, reason: String(form.get('reason') ?? '') });
    }
    if (intent === 'restore') return context.trpc.admin.workspaces.restore({ workspaceId });
    if (intent === 'limits') {
      // Every limit row of the form, by its key; the server validates each.
      const limits = Object.fromEntries(
        [...form.entries()]
          .filter(([key]) => key.startsWith('limit.'))
          .map(([key, value]) => [key.slice('limit.'.length), Number(value)]),
      );
      return context.trpc.admin.workspaces.setLimits({ workspaceId, limits });
    }
    throw unknownForm(intent);
  });
  return result.ok ? { ok: true as const, message: requestT(context)(DONE[intent]!) } : result;
}

export default function AdminWorkspace() {
  const workspace = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useAdminFormat();
  return (
    <>
      <p className="text-sm">
        <Link to="/admin/workspaces" className="text-brand-700 hover:underline dark:text-brand-300">
          {t('admin:workspace.back')}
        </Link>
      </p>
      <PageTitle>
        {workspace.name}{' '}
        {workspace.suspendedAt ? (
          <Badge tone="red">{t('admin:status.suspended')}</Badge>
        ) : (
          <Badge tone="green">{t('admin:status.active')}</Badge>
        )}
      </PageTitle>
      <FormMessage message={result?.message} tone={result?.ok ? 'success' : 'error'} />
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {t('admin:workspace.summary', {
          date: format.dateTime(workspace.createdAt),
          count: workspace.retention.days,
        })}
        {workspace.retention.deleteTests && t('admin:workspace.summaryTests')}
        {workspace.suspendedAt &&
          t('admin:workspace.summarySuspended', {
            date: format.dateTime(workspace.suspendedAt),
            reason: workspace.suspensionReason,
          })}
      </p>

      <Card title={t('admin:workspace.usageTitle')}>
        <Form method="post" className="space-y-3">
          <Table
            label={t('admin:workspace.limitsTable')}
            head={[
              t('admin:workspace.columns.limit'),
              t('admin:workspace.columns.used'),
              t('admin:workspace.columns.limit'),
            ]}
          >
            {workspace.limits.map((limit) => (
              <tr key={limit.key}>
                <Cell>{t(LIMITS[limit.metric])}</Cell>
                <Cell className="tabular-nums">
                  {format.number(limit.used)}
                  {limit.limit > 0 && ` (${format.percent(limit.used / limit.limit)})`}
                </Cell>
                <Cell>
                  <label className="sr-only" htmlFor={`limit-${limit.key}`}>
                    {t(LIMITS[limit.metric])}
                  </label>
                  <input
                    id={`limit-${limit.key}`}
                    name={`limit.${limit.key}`}
                    type="number"
                    min={0}
                    defaultValue={limit.limit}
                    className={`${inputClass} w-40`}
                  />
                </Cell>
              </tr>
            ))}
          </Table>
          <button name="intent" value="limits" className={smallButton}>
            {t('admin:workspace.saveLimits')}
          </button>
        </Form>
      </Card>

      <Card title={t('admin:workspace.suspension')}>
        {workspace.suspendedAt ? (
          <Form method="post">
            <button name="intent" value="restore" className={smallButton}>
              {t('admin:workspace.restore')}
            </button>
          </Form>
        ) : (
          <Form method="post" className="flex flex-wrap items-end gap-2">
            <label className="text-sm text-slate-700 dark:text-slate-300">
              {t('admin:workspace.reason')}
              <input name="reason" required minLength={3} maxLength={300} className={`${inputClass} mt-1 block w-80`} />
            </label>
            <button name="intent" value="suspend" className={dangerButton}>
              {t('admin:workspace.suspend')}
            </button>
          </Form>
        )}
      </Card>

      <Card title={t('admin:workspace.membersTitle', { total: workspace.members.length })}>
        <ul className="space-y-1 text-sm">
          {workspace.members.map((member) => (
            <li key={member.id}>
              <Link to={`/admin/users/${member.id}`} className="text-brand-700 hover:underline dark:text-brand-300">
                {member.email}
              </Link>{' '}
              · {t(ROLES[member.role])}
            </li>
          ))}
        </ul>
      </Card>

      <Card title={t('admin:workspace.chatbotsTitle', { total: workspace.chatbots.length })}>
        <ul className="space-y-1 text-sm text-slate-800 dark:text-slate-200">
          {workspace.chatbots.map((chatbot) => (
            <li key={chatbot.id}>
              {t('admin:workspace.chatbotLine', {
                name: chatbot.name,
                status: t(CHATBOT_STATUSES[chatbot.status]),
                date: format.dateTime(chatbot.createdAt),
              })}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
