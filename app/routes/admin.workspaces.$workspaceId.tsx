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

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return orHttpError(request, context.trpc.admin.workspaces.get({ workspaceId: params.workspaceId! }));
}

const DONE: Record<string, string> = {
  suspend: 'Suspended: its chatbots now answer that the chat is unavailable, and its team sees why.',
  restore: 'Restored: its chatbots answer again.',
  limits: 'Limits saved.',
};

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
  return result.ok ? { ok: true as const, message: DONE[intent]! } : result;
}

const number = new Intl.NumberFormat('en');

export default function AdminWorkspace() {
  const workspace = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p className="text-sm">
        <Link to="/admin/workspaces" className="text-brand-700 hover:underline dark:text-brand-300">
          ← Workspaces
        </Link>
      </p>
      <PageTitle>
        {workspace.name}{' '}
        {workspace.suspendedAt ? <Badge tone="red">Suspended</Badge> : <Badge tone="green">Active</Badge>}
      </PageTitle>
      <FormMessage message={result?.message} tone={result?.ok ? 'success' : 'error'} />
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Created {formatDateTime(workspace.createdAt)} · keeps anonymous visitors {workspace.retention.days} days
        {workspace.retention.deleteTests && ', test conversations 7 days'}
        {workspace.suspendedAt &&
          ` · suspended ${formatDateTime(workspace.suspendedAt)}: “${workspace.suspensionReason}”`}
      </p>

      <Card title="Usage and limits">
        <Form method="post" className="space-y-3">
          <Table label="Limits" head={['Limit', 'Used this period', 'Limit']}>
            {workspace.limits.map((limit) => (
              <tr key={limit.key}>
                <Cell>{limit.label}</Cell>
                <Cell className="tabular-nums">
                  {number.format(limit.used)}
                  {limit.limit > 0 && ` (${Math.round((limit.used / limit.limit) * 100)}%)`}
                </Cell>
                <Cell>
                  <label className="sr-only" htmlFor={`limit-${limit.key}`}>
                    {limit.label}
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
            Save limits
          </button>
        </Form>
      </Card>

      <Card title="Suspension">
        {workspace.suspendedAt ? (
          <Form method="post">
            <button name="intent" value="restore" className={smallButton}>
              Restore workspace
            </button>
          </Form>
        ) : (
          <Form method="post" className="flex flex-wrap items-end gap-2">
            <label className="text-sm text-slate-700 dark:text-slate-300">
              Reason (shown to the team)
              <input name="reason" required minLength={3} maxLength={300} className={`${inputClass} mt-1 block w-80`} />
            </label>
            <button name="intent" value="suspend" className={dangerButton}>
              Suspend workspace
            </button>
          </Form>
        )}
      </Card>

      <Card title={`Members (${workspace.members.length})`}>
        <ul className="space-y-1 text-sm">
          {workspace.members.map((member) => (
            <li key={member.id}>
              <Link to={`/admin/users/${member.id}`} className="text-brand-700 hover:underline dark:text-brand-300">
                {member.email}
              </Link>{' '}
              · {member.role}
            </li>
          ))}
        </ul>
      </Card>

      <Card title={`Chatbots (${workspace.chatbots.length})`}>
        <ul className="space-y-1 text-sm text-slate-800 dark:text-slate-200">
          {workspace.chatbots.map((chatbot) => (
            <li key={chatbot.id}>
              {chatbot.name} · {chatbot.status} · created {formatDateTime(chatbot.createdAt)}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
