import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { Trans, useTranslation } from 'react-i18next';
import { FormMessage } from '~/components/form-fields';
import { handleAccountAction } from '~/components/settings/account-actions.server';
import { DeleteAccountSection, YourDataSection } from '~/components/settings/data-section';
import { EmailForm } from '~/components/settings/email-form';
import { PasswordForm } from '~/components/settings/password-form';
import { PreferencesForm } from '~/components/settings/preferences-form';
import { ProfileForm } from '~/components/settings/profile-form';
import { linkClass } from '~/components/settings/section';
import { SessionsForm } from '~/components/settings/sessions-form';
import { orHttpError } from '~/lib/loader-errors.server';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'settings:meta.account') }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const me = await context.trpc.account.me();
  if (!me) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const [sessions, exports, deletion] = await Promise.all([
    orHttpError(request, context.trpc.account.sessions()),
    orHttpError(request, context.trpc.privacy.accountExports()),
    orHttpError(request, context.trpc.privacy.accountDeletion()),
  ]);
  return { me, sessions, exports, deletion };
}

/** One handler per form (profile, e-mail, password, preferences, sessions, resend), picked by its intent. */
export const action = ({ context, request }: ActionFunctionArgs) => handleAccountAction({ context, request });

export default function Settings() {
  const { me, sessions, exports, deletion } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();

  return (
    <div className="mx-auto max-w-3xl space-y-8 px-4 py-8 sm:px-6 lg:px-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          {t('settings:account.heading')}
        </h1>
        <p className="mt-2 text-slate-600 dark:text-slate-400">
          <Trans
            i18nKey="settings:account.intro"
            components={{ go: <Link to="/app/settings" className={linkClass} /> }}
          />
        </p>
      </div>

      {params.get('emailChanged') && (
        <FormMessage tone="success" message={t('settings:account.emailChanged', { email: me.email })} />
      )}

      <ProfileForm name={me.name} answer={answer} />
      <EmailForm account={me} answer={answer} />
      <PasswordForm account={me} answer={answer} />
      <PreferencesForm preferences={me.preferences} answer={answer} />
      <SessionsForm sessions={sessions} answer={answer} />
      <YourDataSection exports={exports} answer={answer} />
      <DeleteAccountSection email={me.email} deletion={deletion} answer={answer} />
    </div>
  );
}
