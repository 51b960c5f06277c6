import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { Trans, useTranslation } from 'react-i18next';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton } from '~/components/form-fields';
import { NewPasswordField } from '~/components/new-password-field';
import { runFormAction } from '~/lib/forms.server';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'auth:meta.verifyEmail') },
  { name: 'robots', content: 'noindex' },
];

/**
 * The link from the verification mail. Opening it spends nothing and logs
 * nobody in (another site can make a browser open a link): the button below
 * POSTs, where the CSRF checks apply.
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const status = await runFormAction(new FormData(), () => context.trpc.account.verifyEmailStatus({ token }));
  if (!status.ok) return { token, isValid: false as const, message: status.message };
  return { token, ...status.data, message: null };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const password = String(form.get('password') ?? '');
  const result = await runFormAction(form, () =>
    context.trpc.account.verifyEmail({
      token: String(form.get('token') ?? ''),
      ...(password ? { password } : {}),
    }),
  );
  if (!result.ok) return result;
  throw redirect(result.data.hasPassword ? '/app?welcome=1' : '/settings?welcome=1');
}

export default function VerifyEmail() {
  const { t } = useTranslation();
  const status = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();

  if (!status.isValid) {
    return (
      <AuthCard title={t('auth:verifyEmail.invalidTitle')}>
        <FormMessage message={status.message ?? t('auth:errors.linkInvalid')} />
        <p className="mt-6 text-sm text-slate-700 dark:text-slate-300">
          <Trans
            i18nKey="auth:verifyEmail.invalidHelp"
            components={{
              go: <Link to="/login" className="font-medium text-brand-700 hover:underline dark:text-brand-300" />,
            }}
          />
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title={t('auth:verifyEmail.title')}
      intro={t(status.needsPassword ? 'auth:verifyEmail.introWithPassword' : 'auth:verifyEmail.intro', {
        email: status.email,
      })}
    >
      <Form method="post" className="space-y-5" noValidate>
        <FormMessage message={failure?.message} />
        <input type="hidden" name="token" value={status.token} />
        {status.needsPassword && (
          <NewPasswordField
            label={t('auth:fields.password')}
            email={status.email}
            errors={failure?.fieldErrors.password}
          />
        )}
        <SubmitButton pendingLabel={t('auth:confirming')}>{t('auth:verifyEmail.submit')}</SubmitButton>
      </Form>
    </AuthCard>
  );
}
