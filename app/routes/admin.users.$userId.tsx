import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import {
  Badge,
  Card,
  Cell,
  dangerButton,
  formatDateTime,
  inputClass,
  PageTitle,
  smallButton,
  Table,
} from '~/components/admin/ui';
import { FormMessage } from '~/components/form-fields';
import { runFormAction, unknownForm } from '~/lib/forms.server';
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
  suspend: 'Suspended: their sessions have ended and log-ins are refused.',
  restore: 'Restored: they can log in again.',
  grantAdmin: 'They are now a platform admin.',
  revokeAdmin: 'They are no longer a platform admin.',
  sendReset: 'A password-reset link is on its way to them.',
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
  return result.ok ? { ok: true as const, message: DONE[intent]! } : result;
}

export default function AdminUser() {
  const { user, isYou } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p className="text-sm">
        <Link to="/admin/users" className="text-brand-700 hover:underline dark:text-brand-300">
          ← Users
        </Link>
      </p>
      <PageTitle>
        {user.email} {user.suspendedAt ? <Badge tone="red">Suspended</Badge> : <Badge tone="green">Active</Badge>}{' '}
        {user.isAdmin && <Badge tone="brand">Admin</Badge>}
      </PageTitle>
      <FormMessage message={result?.message} tone={result?.ok ? 'success' : 'error'} />
      <dl className="grid gap-2 text-sm text-slate-700 sm:grid-cols-2 dark:text-slate-300">
        <div>Name: {user.name}</div>
        <div>Joined: {formatDateTime(user.createdAt)}</div>
        <div>Last seen: {formatDateTime(user.lastSeenAt)}</div>
        <div>E-mail confirmed: {user.emailVerified ? 'yes' : 'no'}</div>
        {user.suspendedAt && (
          <div className="sm:col-span-2">
            Suspended {formatDateTime(user.suspendedAt)}: “{user.suspensionReason}”
          </div>
        )}
      </dl>

      <Card title="Actions">
        <div className="flex flex-wrap items-end gap-4">
          {user.suspendedAt ? (
            <Form method="post">
              <button name="intent" value="restore" className={smallButton}>
                Restore account
              </button>
            </Form>
          ) : (
            !isYou && (
              <Form method="post" className="flex flex-wrap items-end gap-2">
                <label className="text-sm text-slate-700 dark:text-slate-300">
                  Reason (shown to them)
                  <input
                    name="reason"
                    required
                    minLength={3}
                    maxLength={300}
                    className={`${inputClass} mt-1 block w-80`}
                  />
                </label>
                <button name="intent" value="suspend" className={dangerButton}>
                  Suspend account
                </button>
              </Form>
            )
          )}
          <Form method="post">
            <button name="intent" value="sendReset" className={smallButton}>
              Send password-reset link
            </button>
          </Form>
          <Form method="post">
            {user.isAdmin ? (
              <button
                name="intent"
                value="revokeAdmin"
                className={smallButton}
                disabled={user.isAdminByAddress}
                title={
                  user.isAdminByAddress ? 'An admin through ADMIN_EMAILS: change that setting instead.' : undefined
                }
              >
                Revoke platform admin
              </button>
            ) : (
              <button name="intent" value="grantAdmin" className={smallButton}>
                Make platform admin
              </button>
            )}
          </Form>
        </div>
      </Card>

      <Card title="Workspaces">
        {user.workspaces.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">Not a member of any workspace.</p>
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
                · {workspace.role} {workspace.suspendedAt && <Badge tone="red">Suspended</Badge>}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={`Sessions (${user.sessions.length})`}>
        <Table label="Sessions" head={['Device', 'Address', 'Started', 'Last seen']}>
          {user.sessions.map((session) => (
            <tr key={session.id}>
              <Cell>{describeUserAgent(session.userAgent)}</Cell>
              <Cell>{session.ip ?? '—'}</Cell>
              <Cell>{formatDateTime(session.createdAt)}</Cell>
              <Cell>{formatDateTime(session.lastSeenAt)}</Cell>
            </tr>
          ))}
        </Table>
      </Card>
    </>
  );
}
