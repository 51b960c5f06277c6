import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormMessage } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';

export const meta: MetaFunction = () => [{ title: 'Invitation · Parley' }, { name: 'robots', content: 'noindex' }];

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
  const { invitation, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const here = encodeURIComponent(location.pathname);
  const token = encodeURIComponent(location.pathname.split('/').pop() ?? '');

  if (result?.ok) {
    return (
      <AuthCard title="Invitation declined">
        <FormMessage tone="success" message={`You declined the invitation to ${result.declined}.`} />
      </AuthCard>
    );
  }
  if (invitation.state !== 'pending') {
    const why = {
      expired: 'This invitation has expired. Ask whoever invited you for a new one.',
      accepted: 'This invitation has already been accepted.',
      declined: 'This invitation was declined.',
    }[invitation.state];
    return (
      <AuthCard title={`Invitation to ${invitation.workspaceName}`}>
        <p className="text-slate-700 dark:text-slate-300">{why}</p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title={`Join ${invitation.workspaceName}`}
      intro={`${invitation.inviterName ?? 'Someone'} invited ${invitation.email} to join as an ${invitation.role}.`}
    >
      {result && !result.ok && <FormMessage message={result.message} />}
      {me ? (
        <Form method="post" className="mt-2 flex gap-3">
          <button type="submit" name="intent" value="accept" className={buttonPrimary}>
            Accept invitation
          </button>
          <button type="submit" name="intent" value="decline" className={buttonSecondary}>
            Decline
          </button>
        </Form>
      ) : (
        <div className="space-y-4 text-sm text-slate-700 dark:text-slate-300">
          <p>Log in or create an account with {invitation.email} to accept.</p>
          <div className="flex gap-3">
            <Link to={`/signup?invitation=${token}`} className={buttonPrimary}>
              Create an account
            </Link>
            <Link to={`/login?redirectTo=${here}`} className={buttonSecondary}>
              Log in
            </Link>
          </div>
        </div>
      )}
    </AuthCard>
  );
}
