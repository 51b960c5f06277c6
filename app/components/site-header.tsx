import { Form, Link, NavLink, useLocation, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { loader as rootLoader } from '~/root';
import { usePageWidth } from '~/lib/page-width';
import { buttonPrimary } from '~/lib/styles';
import { useEffect, useId, useRef, useState } from 'react';
import { Wordmark } from './logo';
import { ThemeSwitch } from './theme-switch';

/** `label` is a translation key. */
type NavItem = { to: string; label: string };

// Only pages (and sections) that exist. Sections live on the home page.
const PUBLIC_NAV: NavItem[] = [
  { to: '/', label: 'common:nav.home' },
  { to: '/#how-it-works', label: 'common:nav.howItWorks' },
  { to: '/#features', label: 'common:nav.features' },
  { to: '/#run-it', label: 'common:nav.runIt' },
];

const ACCOUNT_NAV: NavItem[] = [
  { to: '/app', label: 'common:nav.workspace' },
  { to: '/settings', label: 'common:nav.settings' },
];

/** Platform admins also get the admin panel. */
const ADMIN_NAV: NavItem = { to: '/admin', label: 'common:nav.admin' };

const isPage = (to: string) => !to.includes('#');

const desktopLinkClass = (isActive: boolean) =>
  `rounded-md px-3 py-2 text-sm font-medium transition-colors ${
    isActive
      ? 'text-slate-900 underline decoration-brand-500 decoration-2 underline-offset-[0.6rem] dark:text-white dark:decoration-brand-400'
      : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white'
  }`;

const mobileLinkClass = (isActive: boolean) =>
  `block rounded-md px-3 py-2.5 text-base font-medium ${
    isActive
      ? 'bg-brand-50 text-brand-800 dark:bg-slate-800 dark:text-white'
      : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'
  }`;

function NavItemLink({ item, variant }: { item: NavItem; variant: 'desktop' | 'mobile' }) {
  const { t } = useTranslation();
  const className = variant === 'desktop' ? desktopLinkClass : mobileLinkClass;
  // NavLink ignores the hash, so section links would all look "current" on the home page.
  if (!isPage(item.to)) {
    return (
      <Link to={item.to} className={className(false)}>
        {t(item.label)}
      </Link>
    );
  }
  return (
    <NavLink to={item.to} end className={({ isActive }) => className(isActive)}>
      {t(item.label)}
    </NavLink>
  );
}

export function SiteHeader() {
  const { t } = useTranslation();
  const [isMenuOpen, setIsMenuOpen] = useState(false);
  const menuId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  const pageWidth = usePageWidth();
  const me = useRouteLoaderData<typeof rootLoader>('root')?.me ?? null;
  const navItems = me ? (me.isAdmin ? [...ACCOUNT_NAV, ADMIN_NAV] : ACCOUNT_NAV) : PUBLIC_NAV;

  // A followed link should not leave the menu covering the page it opened.
  useEffect(() => setIsMenuOpen(false), [location.key]);

  useEffect(() => {
    if (!isMenuOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setIsMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [isMenuOpen]);

  return (
    <header className="sticky top-0 z-40 border-b border-slate-200/80 bg-white/85 backdrop-blur supports-[backdrop-filter]:bg-white/70 dark:border-slate-800 dark:bg-slate-950/85 dark:supports-[backdrop-filter]:bg-slate-950/70">
      <div className={`mx-auto flex h-16 ${pageWidth} items-center gap-4 px-4 sm:px-6 lg:px-8`}>
        <Link to="/" className="-m-1 rounded-md p-1" aria-label={t('common:nav.homeLink')}>
          <Wordmark />
        </Link>

        <nav aria-label={t('common:nav.main')} className="ml-4 hidden md:block">
          <ul className="flex items-center gap-1">
            {navItems.map((item) => (
              <li key={item.to}>
                <NavItemLink item={item} variant="desktop" />
              </li>
            ))}
          </ul>
        </nav>

        <div className="ml-auto flex items-center gap-2">
          <ThemeSwitch />
          {me ? (
            <Form method="post" action="/logout" className="hidden md:block">
              <button
                type="submit"
                className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
              >
                {t('common:account.logOut')} <span className="sr-only">{me.name}</span>
              </button>
            </Form>
          ) : (
            <div className="hidden items-center gap-2 md:flex">
              <Link
                to="/login"
                className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
              >
                {t('common:account.logIn')}
              </Link>
              <Link to="/signup" className={buttonPrimary}>
                {t('common:account.signUp')}
              </Link>
            </div>
          )}
          <button
            ref={menuButton}
            type="button"
            className="inline-flex size-10 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 md:hidden dark:text-slate-200 dark:hover:bg-slate-800"
            aria-expanded={isMenuOpen}
            aria-controls={menuId}
            onClick={() => setIsMenuOpen((isOpen) => !isOpen)}
          >
            <span className="sr-only">{t('common:nav.menu')}</span>
            <svg
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
              strokeLinecap="round"
              aria-hidden="true"
              className="size-6"
            >
              {isMenuOpen ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
            </svg>
          </button>
        </div>
      </div>

      <nav
        id={menuId}
        aria-label={t('common:nav.main')}
        hidden={!isMenuOpen}
        className="border-t border-slate-200 px-4 pt-2 pb-4 md:hidden dark:border-slate-800"
      >
        <ul className="space-y-1">
          {navItems.map((item) => (
            <li key={item.to}>
              <NavItemLink item={item} variant="mobile" />
            </li>
          ))}
          {me ? (
            <li>
              <Form method="post" action="/logout">
                <button type="submit" className={`${mobileLinkClass(false)} w-full text-left`}>
                  {t('common:account.logOut')}
                </button>
              </Form>
            </li>
          ) : (
            <>
              <li>
                <NavItemLink item={{ to: '/login', label: 'common:account.logIn' }} variant="mobile" />
              </li>
              <li>
                <NavItemLink item={{ to: '/signup', label: 'common:account.signUp' }} variant="mobile" />
              </li>
            </>
          )}
        </ul>
      </nav>
    </header>
  );
}
