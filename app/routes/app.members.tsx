import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { runFormAction, unknownForm } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { buttonSecondary } from '~/lib/styles';
import { hasRole, type TRole } from '../../shared/roles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = () => [{ title: 'Members · Parley' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const workspaceId = workspace.id;
  const isAdmin = hasRole(workspace.role, 'admin');
  const [members, invitations] = await Promise.all([
    orHttpError(request, context.trpc.workspace.members({ workspaceId })),
    isAdmin ? orHttpError(request, context.trpc.workspace.invitations({ workspaceId })) : Promise.resolve([]),
  ]);
  return { workspace, members, invitations, isAdmin, isOwner: workspace.role === 'owner' };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const workspace = await requireCurrentWorkspace(context, request);
  const workspaceId = workspace.id;
  const field = (name: string) => String(form.get(name) ?? '');
  const intent = field('intent');
  const result = await runFormAction(form, async () => {
    if (intent === 'invite') {
      return context.trpc.workspace.invite({ workspaceId, email: field('email'), role: field('role') as TRole });
    }
    if (intent === 'changeRole') {
      return context.trpc.workspace.changeRole({ workspaceId, userId: field('userId'), role: field('role') as TRole });
    }
    if (intent === 'remove') return context.trpc.workspace.removeMember({ workspaceId, userId: field('userId') });
    if (intent === 'revoke') {
      return context.trpc.workspace.revokeInvitation({ workspaceId, invitationId: field('invitationId') });
    }
    if (intent === 'leave') return context.trpc.workspace.leave({ workspaceId });
    throw unknownForm(intent);
  });
  if (result.ok && intent === 'leave') throw redirect('/app');
  return { ...result, intent };
}

const formatDate = (date: Date) => new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(date));

const selectClass =
  'rounded-md border-0 bg-white py-1.5 pr-8 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600 dark:bg-slate-900 dark:text-white dark:ring-slate-700';

export default function Members() {
  const { members, invitations, isAdmin, isOwner } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : null;
  const invited = result?.ok && result.intent === 'invite';
  return (
    <div className="space-y-10">
      <section aria-labelledby="members-heading">
        <h1 id="members-heading" className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          Members
        </h1>
        {failure && failure.intent !== 'invite' && <FormMessage message={failure.message} />}
        <ul className="mt-4 divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200 dark:divide-slate-800 dark:bg-slate-900 dark:ring-slate-800">
          {members.map((member) => (
            <li key={member.userId} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="font-medium text-slate-900 dark:text-white">
                  {member.name}{' '}
                  {member.isYou && <span className="text-sm text-slate-600 dark:text-slate-400">(you)</span>}
                </p>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {member.email} · joined {formatDate(member.joinedAt)}
                </p>
              </div>
              <div className="flex items-center gap-2">
                {isAdmin && !member.isYou && (member.role !== 'owner' || isOwner) ? (
                  <>
                    <Form method="post" className="flex items-center gap-2">
                      <input type="hidden" name="intent" value="changeRole" />
                      <input type="hidden" name="userId" value={member.userId} />
                      <label className="sr-only" htmlFor={`role-${member.userId}`}>
                        Role of {member.name}
                      </label>
                      <select
                        id={`role-${member.userId}`}
                        name="role"
                        defaultValue={member.role}
                        className={selectClass}
                      >
                        <option value="agent">Agent</option>
                        <option value="admin">Admin</option>
                        {isOwner && <option value="owner">Owner</option>}
                      </select>
                      <button type="submit" className={buttonSecondary}>
                        Save role
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={member.userId} />
                      <button type="submit" className={`${buttonSecondary} text-red-700 dark:text-red-400`}>
                        Remove <span className="sr-only">{member.name}</span>
                      </button>
                    </Form>
                  </>
                ) : (
                  <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-sm text-slate-700 capitalize dark:bg-slate-800 dark:text-slate-300">
                    {member.role}
                  </span>
                )}
              </div>
            </li>
          ))}
        </ul>
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="leave" />
          <button type="submit" className={buttonSecondary}>
            Leave this workspace
          </button>
        </Form>
      </section>

      {isAdmin && (
        <section aria-labelledby="invite-heading" className="max-w-md">
          <h2 id="invite-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
            Invite someone
          </h2>
          <Form method="post" className="mt-4 space-y-4" noValidate>
            <input type="hidden" name="intent" value="invite" />
            <FormMessage message={failure?.intent === 'invite' ? failure.message : null} />
            <FormMessage tone="success" message={invited ? 'Invitation sent.' : null} />
            <TextField
              label="E-mail"
              name="email"
              type="email"
              required
              defaultValue={failure?.intent === 'invite' ? failure.values.email : undefined}
              errors={failure?.intent === 'invite' ? failure.fieldErrors.email : undefined}
            />
            <div>
              <label htmlFor="invite-role" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                Role
              </label>
              <select id="invite-role" name="role" defaultValue="agent" className={`${selectClass} mt-1.5 w-full`}>
                <option value="agent">Agent — answers conversations</option>
                <option value="admin">Admin — also configures and invites</option>
                {isOwner && <option value="owner">Owner — also manages members and deletion</option>}
              </select>
            </div>
            <SubmitButton pendingLabel="Sending…">Send invitation</SubmitButton>
          </Form>

          {invitations.length > 0 && (
            <>
              <h3 className="mt-8 text-sm font-semibold text-slate-700 dark:text-slate-300">Pending invitations</h3>
              <ul className="mt-2 divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200 dark:divide-slate-800 dark:ring-slate-800">
                {invitations.map((invitation) => (
                  <li key={invitation.id} className="flex items-center justify-between gap-3 p-3 text-sm">
                    <span>
                      {invitation.email} · {invitation.role}
                      {invitation.isExpired ? ' · expired' : ` · until ${formatDate(invitation.expiresAt)}`}
                    </span>
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button type="submit" className="text-red-700 hover:underline dark:text-red-400">
                        Revoke <span className="sr-only">the invitation for {invitation.email}</span>
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </div>
  );
}
