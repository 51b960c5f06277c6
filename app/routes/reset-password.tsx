import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useSearchParams } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton } from '~/components/form-fields';
import { NewPasswordField } from '~/components/new-password-field';
import { runFormAction } from '~/lib/forms.server';

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
  return (
    <AuthCard title="Choose a new password" intro="Every other session on your account will be logged out.">
      <Form method="post" className="space-y-5" noValidate>
        <FormMessage message={failure?.message} />
        <input type="hidden" name="token" value={params.get('token') ?? ''} />
        <NewPasswordField
          label="New password"
          email=""
          errors={failure?.fieldErrors.password ?? failure?.fieldErrors.token}
        />
        <SubmitButton pendingLabel="Saving…">Save and log in</SubmitButton>
      </Form>
    </AuthCard>
  );
}
