import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { OAuthButtons } from '~/components/oauth-buttons';
import { runFormAction } from '~/lib/forms.server';
import { oauthErrorMessage } from '~/lib/oauth-errors';
import { safeRedirect } from '~/lib/redirect-to';

export const meta: MetaFunction = () => [{ title: 'Log in · Parley' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const me = await context.trpc.account.me();
  if (me) throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')));
  return { features: await context.trpc.system.features() };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await runFormAction(form, () =>
    context.trpc.account.login({
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    }),
  );
  if (!result.ok) return result;
  throw redirect(safeRedirect(form.get('redirectTo')));
}

export default function Login() {
  const { features } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
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
    </AuthCard>
  );
}
