import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { Trans, useTranslation } from 'react-i18next';
import { useFormat } from '~/lib/format';
import { orHttpError } from '~/lib/loader-errors.server';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'auth:mailbox.title') },
  { name: 'robots', content: 'noindex' },
];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return { mails: await orHttpError(request, context.trpc.mail.outbox({ limit: 100 })) };
}

/** The local outbox: every mail Parley would have sent, while no SMTP_URL is set. */
export default function Mailbox() {
  const { t } = useTranslation();
  const format = useFormat();
  const { mails } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl px-4 py-10 sm:px-6 lg:px-8">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t('auth:mailbox.title')}</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        <Trans i18nKey="auth:mailbox.intro" components={{ code: <code /> }} />
      </p>
      {mails.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {t('auth:mailbox.empty')}
        </p>
      ) : (
        <ul className="mt-6 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {mails.map((mail) => (
            <li key={mail.id}>
              <Link
                to={`/mailbox/${mail.id}`}
                className="flex flex-col gap-1 px-4 py-3 hover:bg-slate-50 sm:flex-row sm:items-center sm:justify-between dark:hover:bg-slate-800/60"
              >
                <span className="font-medium text-slate-900 dark:text-white">{mail.subject}</span>
                <span className="text-sm text-slate-600 dark:text-slate-400">
                  {t('auth:mailbox.sentTo', { to: mail.to, time: format.dateAndTime(mail.createdAt) })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
