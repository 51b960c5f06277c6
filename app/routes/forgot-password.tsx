import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'auth:meta.forgotPassword') }];

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  const result = await runFormAction(form, () => context.trpc.account.requestPasswordReset({ email }));
  return result.ok ? { ok: true as const, email } : result;
}

export default function ForgotPassword() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  if (result?.ok) {
    return (
      <AuthCard title={t('auth:checkInbox')}>
        <FormMessage tone="success" message={t('auth:forgotPassword.sent', { email: result.email })} />
        <p className="mt-6 text-sm">
          <Link to="/login" className="text-brand-700 hover:underline dark:text-brand-300">
            {t('auth:forgotPassword.backToLogin')}
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t('auth:forgotPassword.title')} intro={t('auth:forgotPassword.intro')}>
      <Form method="post" className="space-y-5" noValidate>
        <FormMessage message={result?.message} />
        <TextField
          label={t('auth:fields.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={result?.values.email}
          errors={result?.fieldErrors.email}
        />
        <SubmitButton pendingLabel={t('common:actions.sending')}>{t('auth:forgotPassword.submit')}</SubmitButton>
      </Form>
    </AuthCard>
  );
}
