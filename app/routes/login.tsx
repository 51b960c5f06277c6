import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { OAuthButtons } from '~/components/oauth-buttons';
import { runFormAction } from '~/lib/forms.server';
import { oauthErrorMessage } from '~/lib/oauth-errors';
import { safeRedirect } from '../../shared/redirect-to';
import { buttonSecondary } from '~/lib/styles';

export const meta: MetaFunction = () => [{ title: 'Log in · Parley' }];

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
    notice: (email: string) =>
      `If ${email} has an account waiting for confirmation, a new confirmation link is on its way to it.`,
  },
  signInLink: {
    call: (context: ActionFunctionArgs['context'], email: string) => context.trpc.account.requestSignInLink({ email }),
    notice: (email: string) =>
      `If ${email} has an account, a sign-in link is on its way to it. It works once, for 15 minutes.`,
  },
} as const;

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  const intent = String(form.get('intent') ?? '');
  if (intent === 'resend' || intent === 'signInLink') {
    const sent = await runFormAction(form, () => LINK_INTENTS[intent].call(context, email));
    return sent.ok ? { ok: true as const, notice: LINK_INTENTS[intent].notice(sent.data.email) } : sent;
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
  const { features } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : undefined;
  const typedEmail = failure?.values.email ?? '';
  const [params] = useSearchParams();
  // A GitHub/Google sign-in that went wrong comes back here as ?error=<code>.
  const oauthError = oauthErrorMessage(params.get('error'));
  return (
    <AuthCard
      title="Log in to Parley"
      intro={
        <>
          New here?{' '}
          <Link to="/signup" className="font-medium text-brand-700 hover:underline dark:text-brand-300">
            Create an account
          </Link>
        </>
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
          label="E-mail"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={failure?.values.email}
          errors={failure?.fieldErrors.email}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          errors={failure?.fieldErrors.password}
        />
        <SubmitButton pendingLabel="Logging in…">Log in</SubmitButton>
        <p className="text-center text-sm">
          <Link to="/forgot-password" className="text-brand-700 hover:underline dark:text-brand-300">
            Forgot your password?
          </Link>
        </p>
      </Form>
      {failure?.code === 'FORBIDDEN' && typedEmail && (
        <NextStep email={typedEmail} intent="resend" label="Send the confirmation link again" />
      )}
      {failure?.code === 'TOO_MANY_REQUESTS' && typedEmail && (
        <NextStep email={typedEmail} intent="signInLink" label="E-mail me a sign-in link" />
      )}
    </AuthCard>
  );
}
