import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { AuthCard } from '~/components/auth-card';
import { FormMessage } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { pageTitle } from '~/lib/meta';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'auth:meta.invitation') },
  { name: 'robots', content: 'noindex' },
];

const CLOSED = {
  expired: 'auth:invitation.state.expired',
  accepted: 'auth:invitation.state.accepted',
  declined: 'auth:invitation.state.declined',
} as const;

const INTRO = {
  owner: 'auth:invitation.intro.owner',
  admin: 'auth:invitation.intro.admin',
  agent: 'auth:invitation.intro.agent',
} as const;

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const token = params.token ?? '';
  const [invitation, me] = await Promise.all([
    orHttpError(request, context.trpc.workspace.invitation({ token })),
    context.trpc.account.me(),
  ]);
  return { invitation, me };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const token = params.token ?? '';
  if (form.get('intent') === 'decline') {
    const result = await runFormAction(form, () => context.trpc.workspace.declineInvitation({ token }));
    return result.ok ? { ok: true as const, declined: result.data.workspaceName } : result;
  }
  const result = await runFormAction(form, () => context.trpc.workspace.acceptInvitation({ token }));
  if (!result.ok) return result;
  throw redirect('/app');
}

export default function Invitation() {
  const { t } = useTranslation();
  const { invitation, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const here = encodeURIComponent(location.pathname);
  const token = encodeURIComponent(location.pathname.split('/').pop() ?? '');

  if (result?.ok) {
    return (
      <AuthCard title={t('auth:invitation.declinedTitle')}>
        <FormMessage tone="success" message={t('auth:invitation.declined', { workspace: result.declined })} />
      </AuthCard>
    );
  }
  if (invitation.state !== 'pending') {
    return (
      <AuthCard title={t('auth:invitation.titleClosed', { workspace: invitation.workspaceName })}>
        <p className="text-slate-700 dark:text-slate-300">{t(CLOSED[invitation.state])}</p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title={t('auth:invitation.title', { workspace: invitation.workspaceName })}
      intro={t(INTRO[invitation.role], {
        inviter: invitation.inviterName ?? t('auth:invitation.someone'),
        email: invitation.email,
      })}
    >
      {result && !result.ok && <FormMessage message={result.message} />}
      {me ? (
        <Form method="post" className="mt-2 flex gap-3">
          <button type="submit" name="intent" value="accept" className={buttonPrimary}>
            {t('auth:invitation.accept')}
          </button>
          <button type="submit" name="intent" value="decline" className={buttonSecondary}>
            {t('auth:invitation.decline')}
          </button>
        </Form>
      ) : (
        <div className="space-y-4 text-sm text-slate-700 dark:text-slate-300">
          <p>{t('auth:invitation.signedOut', { email: invitation.email })}</p>
          <div className="flex gap-3">
            <Link to={`/signup?invitation=${token}`} className={buttonPrimary}>
              {t('auth:createAccount')}
            </Link>
            <Link to={`/login?redirectTo=${here}`} className={buttonSecondary}>
              {t('common:account.logIn')}
            </Link>
          </div>
        </div>
      )}
    </AuthCard>
  );
}
