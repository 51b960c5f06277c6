import { NavLink, useLocation } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Relative to the chatbot's page; `.` is the Knowledge tab (the index route). */
const TABS = [
  { to: '.', label: 'chatbots:tabs.knowledge', end: true },
  { to: 'faq', label: 'chatbots:tabs.faq' },
  { to: 'test', label: 'chatbots:tabs.test' },
  { to: 'playground', label: 'chatbots:tabs.playground' },
  { to: 'gaps', label: 'chatbots:tabs.gaps' },
  { to: 'widget', label: 'chatbots:tabs.widget' },
  { to: 'settings', label: 'chatbots:tabs.settings' },
] as const;

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `shrink-0 border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap focus-visible:rounded-t-md focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-600 ${
    isActive
      ? 'border-brand-600 text-brand-800 dark:border-brand-400 dark:text-white'
      : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:border-slate-600 dark:hover:text-white'
  }`;

/**
 * The chatbot's sections as plain links (not an ARIA tablist: each is its own
 * page with its own URL), so Tab/Enter, middle-click and the back button all
 * behave as people expect; NavLink marks the current one with aria-current.
 * On a phone the row scrolls sideways instead of wrapping into a jumble.
 */
export function ChatbotTabs() {
  const { t } = useTranslation();
  const navRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const [hasMore, setHasMore] = useState(false);
  const measure = () => {
    const nav = navRef.current;
    if (nav) setHasMore(nav.scrollLeft + nav.clientWidth < nav.scrollWidth - 1);
  };
  // A tab further right than a phone's width would otherwise be current but out of sight.
  useEffect(() => {
    navRef.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    measure();
  }, [pathname]);
  useEffect(() => {
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  return (
    <nav
      ref={navRef}
      aria-label={t('chatbots:tabs.label')}
      onScroll={measure}
      // The fade at the right edge says "there is more" on a screen too narrow for every tab.
      className={`-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0 ${
        hasMore ? '[mask-image:linear-gradient(to_right,black_80%,transparent)]' : ''
      }`}
    >
      <ul className="flex min-w-max gap-1 border-b border-slate-200 dark:border-slate-800">
        {TABS.map((tab) => (
          <li key={tab.to} className="-mb-px flex">
            <NavLink to={tab.to} end={'end' in tab ? tab.end : false} prefetch="intent" className={tabClass}>
              {t(tab.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
