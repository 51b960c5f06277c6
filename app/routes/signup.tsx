import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { OAuthButtons } from '~/components/oauth-buttons';
import { NewPasswordField } from '~/components/new-password-field';
import { runFormAction } from '~/lib/forms.server';
import { pageTitle } from '~/lib/meta';
import { PASSWORD_MIN_LENGTH } from '../../shared/password-strength';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'auth:meta.signup') }];

const JOINING = {
  owner: 'auth:signup.joining.owner',
  admin: 'auth:signup.joining.admin',
  agent: 'auth:signup.joining.agent',
} as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('invitation');
  if (await context.trpc.account.me()) throw redirect(token ? `/invitations/${encodeURIComponent(token)}` : '/app');
  // From an invitation link: the account joins that workspace once its address is confirmed.
  const invitation = token
    ? await context.trpc.workspace.invitation({ token }).then(
        (found) => (found.state === 'pending' ? { token, ...found } : null),
        () => null,
      )
    : null;
  return { features: await context.trpc.system.features(), invitation };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = {
    name: String(form.get('name') ?? ''),
    email: String(form.get('email') ?? ''),
    password: String(form.get('password') ?? ''),
    ...(form.get('invitationToken') ? { invitationToken: String(form.get('invitationToken')) } : {}),
  };
  const result = await runFormAction(form, () => context.trpc.account.register(input));
  return result.ok ? { ok: true as const, email: input.email.trim().toLowerCase() } : result;
}

export default function Signup() {
  const { t } = useTranslation();
  const { features, invitation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [email, setEmail] = useState(result && !result.ok ? (result.values.email ?? '') : (invitation?.email ?? ''));

  if (result?.ok) {
    return (
      <AuthCard title={t('auth:checkInbox')}>
        <FormMessage tone="success" message={t('auth:signup.sent', { email: result.email })} />
        {features.mail === 'outbox' && (
          <p className="mt-4 text-sm text-slate-700 dark:text-slate-300">
            <Trans
              i18nKey="auth:signup.outbox"
              components={{
                go: <Link to="/mailbox" className="font-medium text-brand-700 hover:underline dark:text-brand-300" />,
              }}
            />
          </p>
        )}
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title={t('auth:signup.title')}
      intro={
        <Trans
          i18nKey="auth:signup.haveAccount"
          components={{
            go: (
              <Link
                to={
                  invitation ? `/login?redirectTo=${encodeURIComponent(`/invitations/${invitation.token}`)}` : '/login'
                }
                className="font-medium text-brand-700 hover:underline dark:text-brand-300"
              />
            ),
          }}
        />
      }
    >
      {invitation ? (
        <p className="mb-5 rounded-md bg-brand-50 p-3 text-sm text-slate-800 dark:bg-slate-800 dark:text-slate-200">
          <Trans
            i18nKey={JOINING[invitation.role]}
            values={{ workspace: invitation.workspaceName, email: invitation.email }}
            components={{ strong: <strong /> }}
          />
        </p>
      ) : (
        <OAuthButtons enabled={features.oauth} />
      )}
      <Form method="post" className="space-y-5" noValidate>
        {invitation && <input type="hidden" name="invitationToken" value={invitation.token} />}
        <FormMessage message={result?.message} />
        <TextField
          label={t('auth:fields.name')}
          name="name"
          autoComplete="name"
          required
          maxLength={100}
          defaultValue={result?.values.name}
          errors={result?.fieldErrors.name}
        />
        <TextField
          label={t('auth:fields.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          errors={result?.fieldErrors.email}
        />
        <NewPasswordField
          label={t('auth:fields.password')}
          email={email}
          errors={result?.fieldErrors.password}
          hint={t('auth:signup.passwordHint', { minimum: PASSWORD_MIN_LENGTH })}
        />
        <SubmitButton pendingLabel={t('auth:signup.submitting')}>{t('auth:signup.submit')}</SubmitButton>
      </Form>
    </AuthCard>
  );
}
