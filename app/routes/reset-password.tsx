import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton } from '~/components/form-fields';
import { NewPasswordField } from '~/components/new-password-field';
import { runFormAction } from '~/lib/forms.server';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'auth:meta.resetPassword') }];

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
  const { t } = useTranslation();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <AuthCard title={t('auth:resetPassword.title')} intro={t('auth:resetPassword.intro')}>
      <Form method="post" className="space-y-5" noValidate>
        <FormMessage message={failure?.message} />
        <input type="hidden" name="token" value={params.get('token') ?? ''} />
        <NewPasswordField
          label={t('auth:fields.newPassword')}
          email=""
          errors={failure?.fieldErrors.password ?? failure?.fieldErrors.token}
        />
        <SubmitButton pendingLabel={t('common:actions.saving')}>{t('auth:resetPassword.submit')}</SubmitButton>
      </Form>
    </AuthCard>
  );
}
