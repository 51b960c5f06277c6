import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useSearchParams } from '@remix-run/react';
import { useState } from 'react';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { PasswordMeter } from '~/components/password-meter';
import { runFormAction } from '~/lib/forms.server';
import { passwordStrength } from '~/lib/password-strength';

export const meta: MetaFunction = () => [{ title: 'Choose a new password · Parley' }];

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await runFormAction(form, () =>
    context.trpc.account.resetPassword({
      token: String(form.get('token') ?? ''),
      password: String(form.get('password') ?? ''),
    }),
  );
  if (!result.ok) return result;
  throw redirect('/app');
}

export default function ResetPassword() {
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [password, setPassword] = useState('');
  const strength = passwordStrength(password, '');
  return (
    <AuthCard title="Choose a new password" intro="Every other session on your account will be logged out.">
      <Form method="post" className="space-y-5" noValidate>
        <FormMessage message={failure?.message} />
        <input type="hidden" name="token" value={params.get('token') ?? ''} />
        <TextField
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          maxLength={200}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          errors={failure?.fieldErrors.password ?? failure?.fieldErrors.token}
          description={password ? <PasswordMeter score={strength.score} problems={strength.problems} /> : undefined}
        />
        <SubmitButton pendingLabel="Saving…">Save and log in</SubmitButton>
      </Form>
    </AuthCard>
  );
}
