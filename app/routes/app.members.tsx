import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { Trans, useTranslation } from 'react-i18next';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { runFormAction, unknownForm } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { buttonSecondary } from '~/lib/styles';
import { hasRole, type TRole } from '../../shared/roles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';
import { useFormat } from '~/lib/format';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'settings:meta.members') }];

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

const ROLES = { agent: 'settings:roles.agent', admin: 'settings:roles.admin', owner: 'settings:roles.owner' } as const;
const INVITED_AS = {
  agent: 'settings:members.invitations.roles.agent',
  admin: 'settings:members.invitations.roles.admin',
  owner: 'settings:members.invitations.roles.owner',
} as const;

const selectClass =
  'rounded-md border-0 bg-white py-1.5 pr-8 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600 dark:bg-slate-900 dark:text-white dark:ring-slate-700';

export default function Members() {
  const { members, invitations, isAdmin, isOwner } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : null;
  const invited = result?.ok && result.intent === 'invite';
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="space-y-10">
      <section aria-labelledby="members-heading">
        <h1 id="members-heading" className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          {t('settings:members.heading')}
        </h1>
        {failure && failure.intent !== 'invite' && <FormMessage message={failure.message} />}
        <ul className="mt-4 divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200 dark:divide-slate-800 dark:bg-slate-900 dark:ring-slate-800">
          {members.map((member) => (
            <li key={member.userId} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="font-medium text-slate-900 dark:text-white">
                  {member.name}{' '}
                  {member.isYou && (
                    <span className="text-sm text-slate-600 dark:text-slate-400">{t('settings:members.you')}</span>
                  )}
                </p>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {t('settings:members.joined', { email: member.email, date: format.date(member.joinedAt) })}
                </p>
              </div>
              <div className="flex items-center gap-2">
                {isAdmin && !member.isYou && (member.role !== 'owner' || isOwner) ? (
                  <>
                    <Form method="post" className="flex items-center gap-2">
                      <input type="hidden" name="intent" value="changeRole" />
                      <input type="hidden" name="userId" value={member.userId} />
                      <label className="sr-only" htmlFor={`role-${member.userId}`}>
                        {t('settings:members.roleOf', { name: member.name })}
                      </label>
                      <select
                        id={`role-${member.userId}`}
                        name="role"
                        defaultValue={member.role}
                        className={selectClass}
                      >
                        <option value="agent">{t(ROLES.agent)}</option>
                        <option value="admin">{t(ROLES.admin)}</option>
                        {isOwner && <option value="owner">{t(ROLES.owner)}</option>}
                      </select>
                      <button type="submit" className={buttonSecondary}>
                        {t('settings:members.saveRole')}
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={member.userId} />
                      <button type="submit" className={`${buttonSecondary} text-red-700 dark:text-red-400`}>
                        <Trans
                          i18nKey="settings:members.remove"
                          values={{ name: member.name }}
                          components={{ hidden: <span className="sr-only" /> }}
                        />
                      </button>
                    </Form>
                  </>
                ) : (
                  <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-sm text-slate-700 capitalize dark:bg-slate-800 dark:text-slate-300">
                    {t(ROLES[member.role])}
                  </span>
                )}
              </div>
            </li>
          ))}
        </ul>
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="leave" />
          <button type="submit" className={buttonSecondary}>
            {t('settings:members.leave')}
          </button>
        </Form>
      </section>

      {isAdmin && (
        <section aria-labelledby="invite-heading" className="max-w-md">
          <h2 id="invite-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
            {t('settings:members.invite.heading')}
          </h2>
          <Form method="post" className="mt-4 space-y-4" noValidate>
            <input type="hidden" name="intent" value="invite" />
            <FormMessage message={failure?.intent === 'invite' ? failure.message : null} />
            <FormMessage tone="success" message={invited ? t('settings:members.invite.sent') : null} />
            <TextField
              label={t('settings:members.invite.email')}
              name="email"
              type="email"
              required
              defaultValue={failure?.intent === 'invite' ? failure.values.email : undefined}
              errors={failure?.intent === 'invite' ? failure.fieldErrors.email : undefined}
            />
            <div>
              <label htmlFor="invite-role" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                {t('settings:members.invite.role')}
              </label>
              <select id="invite-role" name="role" defaultValue="agent" className={`${selectClass} mt-1.5 w-full`}>
                <option value="agent">{t('settings:members.invite.roles.agent')}</option>
                <option value="admin">{t('settings:members.invite.roles.admin')}</option>
                {isOwner && <option value="owner">{t('settings:members.invite.roles.owner')}</option>}
              </select>
            </div>
            <SubmitButton pendingLabel={t('settings:pending.sending')}>
              {t('settings:members.invite.submit')}
            </SubmitButton>
          </Form>

          {invitations.length > 0 && (
            <>
              <h3 className="mt-8 text-sm font-semibold text-slate-700 dark:text-slate-300">
                {t('settings:members.invitations.heading')}
              </h3>
              <ul className="mt-2 divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200 dark:divide-slate-800 dark:ring-slate-800">
                {invitations.map((invitation) => (
                  <li key={invitation.id} className="flex items-center justify-between gap-3 p-3 text-sm">
                    <span>
                      {invitation.isExpired
                        ? t('settings:members.invitations.expired', {
                            email: invitation.email,
                            role: t(INVITED_AS[invitation.role]),
                          })
                        : t('settings:members.invitations.until', {
                            email: invitation.email,
                            role: t(INVITED_AS[invitation.role]),
                            date: format.date(invitation.expiresAt),
                          })}
                    </span>
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button type="submit" className="text-red-700 hover:underline dark:text-red-400">
                        <Trans
                          i18nKey="settings:members.invitations.revoke"
                          values={{ email: invitation.email }}
                          components={{ hidden: <span className="sr-only" /> }}
                        />
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
