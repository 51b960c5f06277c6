import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react';
import { Trans, useTranslation } from 'react-i18next';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'auth:meta.confirmEmail') },
  { name: 'robots', content: 'noindex' },
];

/**
 * The link from the "confirm your new address" mail opens this page; only
 * its button (a POST, under the CSRF checks) spends the link, so another
 * site making a browser open the link changes nothing.
 */
export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const token = String(form.get('token') ?? '');
  const result = await runFormAction(form, () => context.trpc.account.confirmEmailChange({ token }));
  if (!result.ok) return result;
  throw redirect('/settings?emailChanged=1');
}

export default function ConfirmEmail() {
  const { t } = useTranslation();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <AuthCard title={t('auth:confirmEmail.title')} intro={t('auth:confirmEmail.intro')}>
      <Form method="post" className="space-y-5" noValidate>
        <FormMessage message={failure?.message} />
        <input type="hidden" name="token" value={params.get('token') ?? ''} />
        <SubmitButton pendingLabel={t('auth:confirming')}>{t('auth:confirmEmail.submit')}</SubmitButton>
      </Form>
      {failure && (
        <p className="mt-6 text-sm text-slate-700 dark:text-slate-300">
          <Trans
            i18nKey="auth:confirmEmail.help"
            components={{
              go: <Link to="/settings" className="font-medium text-brand-700 hover:underline dark:text-brand-300" />,
            }}
          />
        </p>
      )}
    </AuthCard>
  );
}
