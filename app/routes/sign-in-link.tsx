import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormMessage, SubmitButton } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';

export const meta: MetaFunction = () => [{ title: 'Sign in · Parley' }, { name: 'robots', content: 'noindex' }];

/** The e-mailed sign-in link opens this page; only its button (a POST) spends the link and logs in. */
export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const token = String(form.get('token') ?? '');
  const result = await runFormAction(form, () => context.trpc.account.signInWithLink({ token }));
  if (!result.ok) return result;
  throw redirect('/app');
}

export default function SignInLink() {
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <AuthCard title="Sign in to Parley" intro="This link works once, for 15 minutes after it was sent.">
      <Form method="post" className="space-y-5" noValidate>
        <FormMessage message={failure?.message} />
        <input type="hidden" name="token" value={params.get('token') ?? ''} />
        <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
      </Form>
      {failure && (
        <p className="mt-6 text-sm text-slate-700 dark:text-slate-300">
          <Link to="/login" className="font-medium text-brand-700 hover:underline dark:text-brand-300">
            Back to log-in
          </Link>{' '}
          to ask for a new link.
        </p>
      )}
    </AuthCard>
  );
}
