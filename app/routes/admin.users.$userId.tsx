import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Card,
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
import { describeUserAgent } from '~/lib/user-agent';

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const userId = params.userId!;
  const [user, me] = await Promise.all([
    orHttpError(request, context.trpc.admin.users.get({ userId })),
    context.trpc.account.me(),
  ]);
  return { user, isYou: me?.id === user.id };
}

const DONE: Record<string, string> = {
  suspend: 'admin:user.done.suspend',
  restore: 'admin:user.done.restore',
  grantAdmin: 'admin:user.done.grantAdmin',
  revokeAdmin: 'admin:user.done.revokeAdmin',
  sendReset: 'admin:user.done.sendReset',
};

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const userId = params.userId!;
  const intent = String(form.get('intent') ?? '');
  const result = await runFormAction(form, async () => {
    if (intent === 'suspend')
      return context.trpc.admin.users.suspend({ userId, reason: String(form.get('reason') ?? '') });
    if (intent === 'restore') return context.trpc.admin.users.restore({ userId });
    if (intent === 'grantAdmin') return context.trpc.admin.users.setAdmin({ userId, isAdmin: true });
    if (intent === 'revokeAdmin') return context.trpc.admin.users.setAdmin({ userId, isAdmin: false });
    if (intent === 'sendReset') return context.trpc.admin.users.sendPasswordReset({ userId });
    throw unknownForm(intent);
  });
  return result.ok ? { ok: true as const, message: requestT(context)(DONE[intent]!) } : result;
}

export default function AdminUser() {
  const { user, isYou } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useAdminFormat();
  return (
    <>
      <p className="text-sm">
        <Link to="/admin/users" className="text-brand-700 hover:underline dark:text-brand-300">
          {t('admin:user.back')}
        </Link>
      </p>
      <PageTitle>
        {user.email}{' '}
        {user.suspendedAt ? (
          <Badge tone="red">{t('admin:status.suspended')}</Badge>
        ) : (
          <Badge tone="green">{t('admin:status.active')}</Badge>
        )}{' '}
        {user.isAdmin && <Badge tone="brand">{t('admin:status.admin')}</Badge>}
      </PageTitle>
      <FormMessage message={result?.message} tone={result?.ok ? 'success' : 'error'} />
      <dl className="grid gap-2 text-sm text-slate-700 sm:grid-cols-2 dark:text-slate-300">
        <div>{t('admin:user.name', { name: user.name })}</div>
        <div>{t('admin:user.joined', { date: format.dateTime(user.createdAt) })}</div>
        <div>{t('admin:user.lastSeen', { date: format.dateTime(user.lastSeenAt) })}</div>
        <div>{t(user.emailVerified ? 'admin:user.emailConfirmed' : 'admin:user.emailNotConfirmed')}</div>
        {user.suspendedAt && (
          <div className="sm:col-span-2">
            {t('admin:user.suspendedOn', {
              date: format.dateTime(user.suspendedAt),
              reason: user.suspensionReason,
            })}
          </div>
        )}
      </dl>

      <Card title={t('admin:user.actions')}>
        <div className="flex flex-wrap items-end gap-4">
          {user.suspendedAt ? (
            <Form method="post">
              <button name="intent" value="restore" className={smallButton}>
                {t('admin:user.restore')}
              </button>
            </Form>
          ) : (
            !isYou && (
              <Form method="post" className="flex flex-wrap items-end gap-2">
                <label className="text-sm text-slate-700 dark:text-slate-300">
                  {t('admin:user.reason')}
                  <input
                    name="reason"
                    required
                    minLength={3}
                    maxLength={300}
                    className={`${inputClass} mt-1 block w-80`}
                  />
                </label>
                <button name="intent" value="suspend" className={dangerButton}>
                  {t('admin:user.suspend')}
                </button>
              </Form>
            )
          )}
          <Form method="post">
            <button name="intent" value="sendReset" className={smallButton}>
              {t('admin:user.sendReset')}
            </button>
          </Form>
          <Form method="post">
            {user.isAdmin ? (
              <button
                name="intent"
                value="revokeAdmin"
                className={smallButton}
                disabled={user.isAdminByAddress}
                title={user.isAdminByAddress ? t('admin:user.adminByAddress') : undefined}
              >
                {t('admin:user.revokeAdmin')}
              </button>
            ) : (
              <button name="intent" value="grantAdmin" className={smallButton}>
                {t('admin:user.grantAdmin')}
              </button>
            )}
          </Form>
        </div>
      </Card>

      <Card title={t('admin:user.workspaces')}>
        {user.workspaces.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('admin:user.noWorkspaces')}</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {user.workspaces.map((workspace) => (
              <li key={workspace.id}>
                <Link
                  to={`/admin/workspaces/${workspace.id}`}
                  className="text-brand-700 hover:underline dark:text-brand-300"
                >
                  {workspace.name}
                </Link>{' '}
                · {t(ROLES[workspace.role])}{' '}
                {workspace.suspendedAt && <Badge tone="red">{t('admin:status.suspended')}</Badge>}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={t('admin:user.sessionsTitle', { total: user.sessions.length })}>
        <Table
          label={t('admin:user.sessions')}
          head={[
            t('admin:user.columns.device'),
            t('admin:user.columns.address'),
            t('admin:user.columns.started'),
            t('admin:user.columns.lastSeen'),
          ]}
        >
          {user.sessions.map((session) => (
            <tr key={session.id}>
              <Cell>{describeUserAgent(session.userAgent, t)}</Cell>
              <Cell>{session.ip ?? '—'}</Cell>
              <Cell>{format.dateTime(session.createdAt)}</Cell>
              <Cell>{format.dateTime(session.lastSeenAt)}</Cell>
            </tr>
          ))}
        </Table>
      </Card>
    </>
  );
}
