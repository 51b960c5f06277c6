import { useFetcher, useLocation } from '@remix-run/react';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useHydrated } from '~/hooks/use-hydrated';
import { announceThemeChange, useThemePreference } from '~/hooks/use-theme';
import {
  THEMES,
  THEME_ACTION,
  THEME_FETCHER_KEY,
  THEME_LABEL_KEYS,
  THEME_TITLE_KEYS,
  isTheme,
  serializeThemeCookie,
  type TTheme,
} from '~/lib/theme';
import type { action } from '~/routes/resources.theme';

const iconClass = 'size-4';

const ICONS: Record<TTheme, ReactNode> = {
  light: (
    <svg
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      aria-hidden="true"
      className={iconClass}
    >
      <circle cx="10" cy="10" r="3.5" />
      <path d="M10 1.75v1.5M10 16.75v1.5M1.75 10h1.5M16.75 10h1.5M4.17 4.17l1.06 1.06M14.77 14.77l1.06 1.06M4.17 15.83l1.06-1.06M14.77 5.23l1.06-1.06" />
    </svg>
  ),
  dark: (
    <svg
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinejoin="round"
      aria-hidden="true"
      className={iconClass}
    >
      <path d="M16.5 12.3A7 7 0 0 1 7.7 3.5a7 7 0 1 0 8.8 8.8Z" />
    </svg>
  ),
  system: (
    <svg
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      className={iconClass}
    >
      <rect x="2.5" y="3.5" width="15" height="10" rx="1.5" />
      <path d="M7 17h6M10 13.5V17" />
    </svg>
  ),
};

/**
 * Light / Dark / System as a group of toggle buttons. With JavaScript it posts
 * through a keyed fetcher (the root layout paints the pending choice at once);
 * without, the same form posts and the action redirects back here.
 */
export function ThemeSwitch() {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>({ key: THEME_FETCHER_KEY });
  const preference = useThemePreference();
  const isHydrated = useHydrated();
  const location = useLocation();
  const lastHandled = useRef<unknown>(null);

  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data || lastHandled.current === fetcher.data) return;
    lastHandled.current = fetcher.data;
    if (fetcher.data.ok) announceThemeChange(fetcher.data.theme);
    else toast.error(t('common:theme.saveFailed'));
  }, [fetcher.state, fetcher.data, t]);

  return (
    <fetcher.Form
      method="post"
      action={THEME_ACTION}
      className="contents"
      onSubmit={(event) => {
        // Written now as well as by the action, so a reload before the response lands keeps the choice.
        const submitter = (event.nativeEvent as SubmitEvent).submitter;
        const theme = submitter instanceof HTMLButtonElement ? submitter.value : null;
        if (isTheme(theme)) {
          document.cookie = serializeThemeCookie(theme, { isSecure: window.location.protocol === 'https:' });
        }
      }}
    >
      {!isHydrated && (
        <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}${location.hash}`} />
      )}
      <div
        role="group"
        aria-label={t('common:theme.group')}
        className="inline-flex items-center gap-0.5 rounded-full border border-slate-200 bg-slate-50 p-0.5 dark:border-slate-700 dark:bg-slate-900"
      >
        {THEMES.map((theme) => {
          const isPressed = preference === theme;
          return (
            <button
              key={theme}
              type="submit"
              name="theme"
              value={theme}
              aria-pressed={isPressed}
              title={t(THEME_TITLE_KEYS[theme])}
              className={`inline-flex size-8 items-center justify-center rounded-full transition-colors ${
                isPressed
                  ? 'bg-white text-brand-700 shadow-sm ring-1 ring-slate-200 dark:bg-slate-700 dark:text-white dark:ring-slate-600'
                  : 'text-slate-600 hover:bg-slate-200/70 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white'
              }`}
            >
              {ICONS[theme]}
              <span className="sr-only">{t(THEME_LABEL_KEYS[theme])}</span>
            </button>
          );
        })}
      </div>
    </fetcher.Form>
  );
}
