import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormMessage } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';

export const meta: MetaFunction = () => [{ title: 'Confirm your new e-mail · Parley' }];

/**
 * The link from the "confirm your new address" mail. A GET because it is
 * opened from a mail; the token is the proof, so the CSRF rule for
 * browser mutations does not apply to this server-side call.
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const result = await runFormAction(new FormData(), () => context.trpc.account.confirmEmailChange({ token }));
  if (result.ok) throw redirect('/settings?emailChanged=1');
  return { message: result.message };
}

export default function ConfirmEmail() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <AuthCard title="This link did not work">
      <FormMessage message={message} />
      <p className="mt-6 text-sm text-slate-700 dark:text-slate-300">
        Links work once and expire after a day. Until one is opened your address stays as it was; you can ask for a new
        link in your{' '}
        <Link to="/settings" className="font-medium text-brand-700 hover:underline dark:text-brand-300">
          account settings
        </Link>
        .
      </p>
    </AuthCard>
  );
}
