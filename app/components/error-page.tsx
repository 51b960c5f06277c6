import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';

type ErrorLayoutProps = {
  code: string;
  title: string;
  children: ReactNode;
};

function ErrorLayout({ code, title, children }: ErrorLayoutProps) {
  return (
    <div className="mx-auto flex max-w-2xl flex-col items-start px-4 py-20 sm:px-6 sm:py-28 lg:px-8">
      <p className="text-sm font-semibold tracking-wide text-brand-700 dark:text-brand-300">{code}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl dark:text-white">{title}</h1>
      <div className="mt-4 space-y-4 text-base leading-7 text-slate-700 dark:text-slate-300">{children}</div>
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <ErrorLayout code="404" title={t('common:pages.notFound')}>
      <p>{t('common:errorPage.notFoundBody')}</p>
      <div className="pt-2">
        <Link to="/" className={buttonPrimary}>
          {t('common:errorPage.home')}
        </Link>
      </div>
    </ErrorLayout>
  );
}

type ServerErrorPageProps = {
  status: number;
  requestId?: string | null;
  /** Only in development: what went wrong, for the person running the code. */
  developerDetails?: string | null;
};

/** A refusal the person can understand (403, 400…): the server's sentence, and a way on. */
export function RefusedPage({ status, message }: { status: number; message: string }) {
  const { t } = useTranslation();
  return (
    <ErrorLayout
      code={String(status)}
      title={t(status === 403 ? 'common:errorPage.notAllowed' : 'common:errorPage.didNotWork')}
    >
      <p>{message}</p>
      <div className="pt-2">
        <Link to="/" className={buttonPrimary}>
          {t('common:errorPage.home')}
        </Link>
      </div>
    </ErrorLayout>
  );
}

export function ServerErrorPage({ status, requestId, developerDetails }: ServerErrorPageProps) {
  const { t } = useTranslation();
  return (
    <ErrorLayout code={String(status)} title={t('common:pages.failed')}>
      <p>{t('common:errorPage.serverBody')}</p>
      {requestId && (
        <p className="text-sm">
          {t('common:errorPage.reference')}
          <code className="mt-1.5 block w-fit max-w-full rounded bg-slate-100 px-2 py-1 font-mono break-all text-slate-900 select-all dark:bg-slate-800 dark:text-slate-100">
            {requestId}
          </code>
        </p>
      )}
      <div className="flex flex-wrap gap-3 pt-2">
        {/* A plain link reloads the document, which also recovers from a broken client bundle. */}
        <a href="" className={buttonPrimary}>
          {t('common:actions.retry')}
        </a>
        <Link to="/" className={buttonSecondary}>
          {t('common:errorPage.home')}
        </Link>
      </div>
      {developerDetails && (
        <details className="mt-6 w-full rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
          <summary className="cursor-pointer font-semibold">{t('common:errorPage.details')}</summary>
          <pre className="mt-3 overflow-x-auto font-mono text-xs whitespace-pre-wrap">{developerDetails}</pre>
        </details>
      )}
    </ErrorLayout>
  );
}
