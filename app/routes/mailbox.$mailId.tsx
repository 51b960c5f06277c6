import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { orHttpError } from '~/lib/loader-errors.server';
import { metaT, pageTitle } from '~/lib/meta';
import { safeHref } from '../../shared/safe-href';
import { Fragment } from 'react';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: pageTitle(matches, 'auth:mailbox.mailTitle', {
      subject: data?.mail.subject ?? metaT(matches, 'auth:mailbox.mailFallback'),
    }),
  },
  { name: 'robots', content: 'noindex' },
];

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  return { mail: await orHttpError(request, context.trpc.mail.get({ mailId: params.mailId ?? '' })) };
}

/** Plain text with its links made clickable — built as React elements, so nothing in the mail is ever HTML. */
function LinkedText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((part, index) => {
        const href = safeHref(part);
        return href ? (
          <a key={index} href={href} className="break-all text-brand-700 underline dark:text-brand-300">
            {part}
          </a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        );
      })}
    </>
  );
}

export default function MailView() {
  const { t } = useTranslation();
  const { mail } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl px-4 py-10 sm:px-6 lg:px-8">
      <Link to="/mailbox" className="text-sm text-brand-700 hover:underline dark:text-brand-300">
        {t('auth:mailbox.back')}
      </Link>
      <h1 className="mt-3 text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{mail.subject}</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t('auth:mailbox.to', { to: mail.to })}</p>
      {mail.text === null || mail.html === null ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {t('auth:mailbox.expired')}
        </p>
      ) : (
        <>
          <section aria-labelledby="text-body" className="mt-6">
            <h2 id="text-body" className="text-sm font-semibold text-slate-700 dark:text-slate-300">
              {t('auth:mailbox.text')}
            </h2>
            <pre className="mt-2 font-sans text-sm leading-6 whitespace-pre-wrap text-slate-800 dark:text-slate-200">
              <LinkedText text={mail.text} />
            </pre>
          </section>
          <section aria-labelledby="html-body" className="mt-8">
            <h2 id="html-body" className="text-sm font-semibold text-slate-700 dark:text-slate-300">
              {t('auth:mailbox.html')}
            </h2>
            {/* sandbox without allow-scripts: the mail's HTML can never run code on this page. */}
            <iframe
              title={t('auth:mailbox.htmlFrame')}
              srcDoc={mail.html}
              sandbox="allow-popups allow-popups-to-escape-sandbox"
              className="mt-2 h-[32rem] w-full rounded-lg border border-slate-200 bg-white dark:border-slate-800"
            />
          </section>
        </>
      )}
    </div>
  );
}
