import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';

export const meta: MetaFunction = () => [{ title: 'Reset your password · Parley' }];

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  const result = await runFormAction(form, () => context.trpc.account.requestPasswordReset({ email }));
  return result.ok ? { ok: true as const, email } : result;
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  if (result?.ok) {
    return (
      <AuthCard title="Check your inbox">
        <FormMessage
          tone="success"
          message={`If ${result.email} belongs to an account, a link to choose a new password is on its way. It works for one hour.`}
        />
        <p className="mt-6 text-sm">
          <Link to="/login" className="text-brand-700 hover:underline dark:text-brand-300">
            Back to log in
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Reset your password" intro="We will e-mail you a link to choose a new one.">
      <Form method="post" className="space-y-5" noValidate>
        <FormMessage message={result?.message} />
        <TextField
          label="E-mail"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={result?.values.email}
          errors={result?.fieldErrors.email}
        />
        <SubmitButton pendingLabel="Sending…">Send the link</SubmitButton>
      </Form>
    </AuthCard>
  );
}
