import { Link, useRouteLoaderData } from '@remix-run/react';
import { Trans } from 'react-i18next';
import type { loader as rootLoader } from '~/root';
import { usePageWidth } from '~/lib/page-width';
import { LanguageSwitch } from './language-switch';
import { LogoMark } from './logo';
import { SystemStatus } from './system-status';

export function SiteFooter() {
  const pageWidth = usePageWidth();
  const me = useRouteLoaderData<typeof rootLoader>('root')?.me ?? null;
  return (
    <footer className="border-t border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/40">
      <div
        className={`mx-auto flex ${pageWidth} flex-col gap-4 px-4 py-8 sm:flex-row sm:items-center sm:justify-between sm:px-6 lg:px-8`}
      >
        <div className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
          <LogoMark className="size-5" />
          <span>
            <Trans
              i18nKey="common:footer.tagline"
              components={{
                go: <Link to="/" className="font-medium text-slate-800 hover:underline dark:text-slate-200" />,
              }}
            />
          </span>
        </div>
        {me ? me.isAdmin && <SystemStatus /> : <LanguageSwitch />}
      </div>
    </footer>
  );
}
