import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { OAuthButtons } from '~/components/oauth-buttons';
import { NewPasswordField } from '~/components/new-password-field';
import { runFormAction } from '~/lib/forms.server';

export const meta: MetaFunction = () => [{ title: 'Create your account · Parley' }];

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
  const { features, invitation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [email, setEmail] = useState(result && !result.ok ? (result.values.email ?? '') : (invitation?.email ?? ''));

  if (result?.ok) {
    return (
      <AuthCard title="Check your inbox">
        <FormMessage
          tone="success"
          message={`We sent a link to ${result.email}. Open it in this browser to confirm your address; it logs you in.`}
        />
        {features.mail === 'outbox' && (
          <p className="mt-4 text-sm text-slate-700 dark:text-slate-300">
            This install has no mail server yet, so the mail is in the{' '}
            <Link to="/mailbox" className="font-medium text-brand-700 hover:underline dark:text-brand-300">
              local mailbox
            </Link>
            .
          </p>
        )}
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Create your Parley account"
      intro={
        <>
          Already have one?{' '}
          <Link
            to={invitation ? `/login?redirectTo=${encodeURIComponent(`/invitations/${invitation.token}`)}` : '/login'}
            className="font-medium text-brand-700 hover:underline dark:text-brand-300"
          >
            Log in
          </Link>
        </>
      }
    >
      {invitation ? (
        <p className="mb-5 rounded-md bg-brand-50 p-3 text-sm text-slate-800 dark:bg-slate-800 dark:text-slate-200">
          You are joining <strong>{invitation.workspaceName}</strong> as an {invitation.role}. Sign up with{' '}
          {invitation.email}; once you confirm it, you land in that workspace.
        </p>
      ) : (
        <OAuthButtons enabled={features.oauth} />
      )}
      <Form method="post" className="space-y-5" noValidate>
        {invitation && <input type="hidden" name="invitationToken" value={invitation.token} />}
        <FormMessage message={result?.message} />
        <TextField
          label="Your name"
          name="name"
          autoComplete="name"
          required
          maxLength={100}
          defaultValue={result?.values.name}
          errors={result?.fieldErrors.name}
        />
        <TextField
          label="E-mail"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          errors={result?.fieldErrors.email}
        />
        <NewPasswordField
          label="Password"
          email={email}
          errors={result?.fieldErrors.password}
          hint="At least 10 characters. A few unrelated words make a strong one."
        />
        <SubmitButton pendingLabel="Creating your account…">Create account</SubmitButton>
      </Form>
    </AuthCard>
  );
}
