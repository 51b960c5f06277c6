import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from '@remix-run/react';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Toaster } from 'sonner';
import { NotFoundPage, RefusedPage, ServerErrorPage } from '~/components/error-page';
import { NoticeToasts } from '~/components/notice-toasts';
import { SiteFooter } from '~/components/site-footer';
import { SiteHeader } from '~/components/site-header';
import { useRouteFocus } from '~/hooks/use-route-focus';
import { useResolvedTheme, useThemePreference, useThemeSync } from '~/hooks/use-theme';
import { systemThemeScript } from '~/lib/theme';
import { getTheme } from '~/lib/theme.server';
import { useNonce } from '~/lib/nonce';
import { ApiProvider } from '~/lib/trpc';
import { loadLanguage } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import stylesheet from '~/styles/app.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction = ({ error, matches }) => {
  if (!error) return [{ title: 'Parley' }];
  const isNotFound = isRouteErrorResponse(error) && error.status === 404;
  return [
    { title: pageTitle(matches, isNotFound ? 'common:pages.notFound' : 'common:pages.failed') },
    { name: 'robots', content: 'noindex' },
  ];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await context.trpc.account.me().catch(() => null);
  // The installation's health is for the people who run it: platform admins see it in the footer,
  // in the first paint (through the server-side caller); nobody else is shown how it is set up.
  const health = me?.isAdmin ? await context.trpc.system.health().catch(() => null) : null;
  // Banners platform admins published, for every signed-in page's first paint.
  const notices = me ? await context.trpc.system.notices().catch(() => []) : [];
  // The page's language (the account's choice, else the switch's or the browser's); entry.server renders in it.
  return { theme: getTheme(request), locale: context.locale, requestId: context.requestId, health, me, notices };
}

// With single fetch every loader of a navigation runs in one request, so
// re-running this (cheap) loader each time keeps `requestId` pointing at the
// request an error page is about.
export const shouldRevalidate: ShouldRevalidateFunction = () => true;

const MAIN_ID = 'main';

export function Layout({ children }: { children: ReactNode }) {
  const preference = useThemePreference();
  const resolved = useResolvedTheme(preference);
  const nonce = useNonce();
  const { t, i18n } = useTranslation();
  const locale = useRouteLoaderData<typeof loader>('root')?.locale ?? 'en';
  useThemeSync();
  // A changed preference (settings, or the switch on signed-out pages) arrives with root's data: load that language.
  useEffect(() => {
    if (i18n.language !== locale) void loadLanguage(locale);
  }, [i18n, locale]);
  useRouteFocus(MAIN_ID);

  return (
    // The class may differ from the server's: for `system` the inline script
    // sets it from the OS setting before React hydrates.
    <html
      lang={locale}
      className={resolved === 'dark' ? 'dark' : undefined}
      data-theme={preference}
      suppressHydrationWarning
    >
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content={preference === 'system' ? 'light dark' : preference} />
        {preference === 'system' && <script nonce={nonce} dangerouslySetInnerHTML={{ __html: systemThemeScript }} />}
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-dvh flex-col">
        <ApiProvider>
          <a
            href={`#${MAIN_ID}`}
            className="sr-only rounded-md bg-brand-700 px-4 py-2 font-semibold text-white focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:px-4 focus:py-2"
          >
            {t('common:skipToContent')}
          </a>
          <SiteHeader />
          <main id={MAIN_ID} tabIndex={-1} className="flex-1 focus:outline-none">
            {children}
          </main>
          <SiteFooter />
          {/* In the middle of the sticky header, which holds nothing there: at the bottom right they covered
              "Save settings", "Finish" and the reply box. */}
          <Toaster
            richColors
            closeButton
            theme={resolved ?? 'system'}
            position="top-center"
            offset={8}
            mobileOffset={8}
          />
          <NoticeToasts />
        </ApiProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // A mark that the page now answers clicks: browser tests wait for it instead of racing hydration.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const rootData = useRouteLoaderData<typeof loader>('root');

  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  if (isRouteErrorResponse(error) && error.status < 500 && typeof error.data?.message === 'string') {
    return <RefusedPage status={error.status} message={error.data.message} />;
  }

  const status = isRouteErrorResponse(error) ? error.status : 500;
  const errorData: unknown = isRouteErrorResponse(error) ? error.data : null;
  const requestIdFromError =
    errorData && typeof errorData === 'object' && 'requestId' in errorData && typeof errorData.requestId === 'string'
      ? errorData.requestId
      : null;
  const developerDetails = import.meta.env.DEV && error instanceof Error ? (error.stack ?? error.message) : null;

  return (
    <ServerErrorPage
      status={status}
      requestId={requestIdFromError ?? rootData?.requestId ?? null}
      developerDetails={developerDetails}
    />
  );
}
