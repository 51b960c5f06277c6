import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react';
import { Trans, useTranslation } from 'react-i18next';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'auth:meta.signInLink') },
  { name: 'robots', content: 'noindex' },
];

/** The e-mailed sign-in link opens this page; only its button (a POST) spends the link and logs in. */
export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const token = String(form.get('token') ?? '');
  const result = await runFormAction(form, () => context.trpc.account.signInWithLink({ token }));
  if (!result.ok) return result;
  throw redirect('/app');
}

export default function SignInLink() {
  const { t } = useTranslation();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <AuthCard title={t('auth:signInLink.title')} intro={t('auth:signInLink.intro')}>
      <Form method="post" className="space-y-5" noValidate>
        <FormMessage message={failure?.message} />
        <input type="hidden" name="token" value={params.get('token') ?? ''} />
        <SubmitButton pendingLabel={t('auth:signInLink.submitting')}>{t('auth:signInLink.submit')}</SubmitButton>
      </Form>
      {failure && (
        <p className="mt-6 text-sm text-slate-700 dark:text-slate-300">
          <Trans
            i18nKey="auth:signInLink.help"
            components={{
              go: <Link to="/login" className="font-medium text-brand-700 hover:underline dark:text-brand-300" />,
            }}
          />
        </p>
      )}
    </AuthCard>
  );
}
