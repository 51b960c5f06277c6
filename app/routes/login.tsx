import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { Trans, useTranslation } from 'react-i18next';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { OAuthButtons } from '~/components/oauth-buttons';
import { runFormAction } from '~/lib/forms.server';
import { requestT } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { oauthErrorMessage } from '~/lib/oauth-errors';
import { safeRedirect } from '../../shared/redirect-to';
import { buttonSecondary } from '~/lib/styles';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'auth:meta.login') }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const me = await context.trpc.account.me();
  if (me) throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')));
  return { features: await context.trpc.system.features() };
}

/** The next steps a refused log-in offers: both answer the same whether or not the address has an account. */
const LINK_INTENTS = {
  resend: {
    call: (context: ActionFunctionArgs['context'], email: string) =>
      context.trpc.account.requestVerificationLink({ email }),
    notice: 'auth:login.resendSent',
  },
  signInLink: {
    call: (context: ActionFunctionArgs['context'], email: string) => context.trpc.account.requestSignInLink({ email }),
    notice: 'auth:login.signInLinkSent',
  },
} as const;

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  const intent = String(form.get('intent') ?? '');
  if (intent === 'resend' || intent === 'signInLink') {
    const sent = await runFormAction(form, () => LINK_INTENTS[intent].call(context, email));
    const t = requestT(context);
    return sent.ok ? { ok: true as const, notice: t(LINK_INTENTS[intent].notice, { email: sent.data.email }) } : sent;
  }
  const result = await runFormAction(form, () =>
    context.trpc.account.login({ email, password: String(form.get('password') ?? '') }),
  );
  if (!result.ok) return result;
  throw redirect(safeRedirect(form.get('redirectTo')));
}

/** A second small form: the refused log-in's next step, for the address just typed. */
function NextStep({ email, intent, label }: { email: string; intent: 'resend' | 'signInLink'; label: string }) {
  return (
    <Form method="post" className="mt-5">
      <input type="hidden" name="email" value={email} />
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={`${buttonSecondary} w-full`}>
        {label}
      </button>
    </Form>
  );
}

export default function Login() {
  const { t } = useTranslation();
  const { features } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  const typedEmail = failure?.values.email ?? '';
  const [params] = useSearchParams();
  // A GitHub/Google sign-in that went wrong comes back here as ?error=<code>.
  const oauthError = oauthErrorMessage(t, params.get('error'));
  return (
    <AuthCard
      title={t('auth:login.title')}
      intro={
        <Trans
          i18nKey="auth:login.newHere"
          components={{
            go: <Link to="/signup" className="font-medium text-brand-700 hover:underline dark:text-brand-300" />,
          }}
        />
      }
    >
      <OAuthButtons enabled={features.oauth} redirectTo={params.get('redirectTo')} />
      {result?.ok && (
        <div className="mb-5">
          <FormMessage tone="success" message={result.notice} />
        </div>
      )}
      <Form method="post" className="space-y-5" noValidate>
        <FormMessage message={failure?.message ?? oauthError} />
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <TextField
          label={t('auth:fields.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={failure?.values.email}
          errors={failure?.fieldErrors.email}
        />
        <TextField
          label={t('auth:fields.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          errors={failure?.fieldErrors.password}
        />
        <SubmitButton pendingLabel={t('auth:login.submitting')}>{t('common:account.logIn')}</SubmitButton>
        <p className="text-center text-sm">
          <Link to="/forgot-password" className="text-brand-700 hover:underline dark:text-brand-300">
            {t('auth:login.forgot')}
          </Link>
        </p>
      </Form>
      {failure?.code === 'FORBIDDEN' && typedEmail && (
        <NextStep email={typedEmail} intent="resend" label={t('auth:login.resend')} />
      )}
      {failure?.code === 'TOO_MANY_REQUESTS' && typedEmail && (
        <NextStep email={typedEmail} intent="signInLink" label={t('auth:login.signInLink')} />
      )}
    </AuthCard>
  );
}
