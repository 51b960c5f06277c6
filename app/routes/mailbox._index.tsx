import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { orHttpError } from '~/lib/loader-errors.server';

export const meta: MetaFunction = () => [{ title: 'Mailbox · Parley' }, { name: 'robots', content: 'noindex' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return { mails: await orHttpError(request, context.trpc.mail.outbox({ limit: 100 })) };
}

const formatTime = (date: Date) =>
  new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(date));

/** The local outbox: every mail Parley would have sent, while no SMTP_URL is set. */
export default function Mailbox() {
  const { mails } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl px-4 py-10 sm:px-6 lg:px-8">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">Mailbox</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        No mail server is configured (<code>SMTP_URL</code>), so the mails Parley sends land here instead. Only this
        machine can open this page.
      </p>
      {mails.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No mail yet. Sign up or invite someone and their mail will appear here.
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
                  to {mail.to} · {formatTime(mail.createdAt)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
