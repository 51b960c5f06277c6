import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormMessage } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';

export const meta: MetaFunction = () => [{ title: 'Confirm your e-mail · Parley' }];

/** The link from the verification mail: confirms the address and logs the person in. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const result = await runFormAction(new FormData(), () => context.trpc.account.verifyEmail({ token }));
  if (result.ok) throw redirect('/app?welcome=1');
  return { message: result.message };
}

export default function VerifyEmail() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <AuthCard title="This link did not work">
      <FormMessage message={message} />
      <p className="mt-6 text-sm text-slate-700 dark:text-slate-300">
        Links work once and expire after two days.{' '}
        <Link to="/login" className="font-medium text-brand-700 hover:underline dark:text-brand-300">
          Log in
        </Link>{' '}
        to send a new one.
      </p>
    </AuthCard>
  );
}
