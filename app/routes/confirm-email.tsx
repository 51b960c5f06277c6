import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';

export const meta: MetaFunction = () => [
  { title: 'Confirm your new e-mail · Parley' },
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
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <AuthCard title="Use this e-mail address" intro="Your Parley account will use the new address once you confirm.">
      <Form method="post" className="space-y-5" noValidate>
        <FormMessage message={failure?.message} />
        <input type="hidden" name="token" value={params.get('token') ?? ''} />
        <SubmitButton pendingLabel="Confirming…">Confirm the new address</SubmitButton>
      </Form>
      {failure && (
        <p className="mt-6 text-sm text-slate-700 dark:text-slate-300">
          Links work once and expire after a day. Until one is used your address stays as it was; you can ask for a new
          link in your{' '}
          <Link to="/settings" className="font-medium text-brand-700 hover:underline dark:text-brand-300">
            account settings
          </Link>
          .
        </p>
      )}
    </AuthCard>
  );
}
