/** Shared by the browser and the server: no server imports here. */
import { serialize } from 'cookie';

export const THEME_COOKIE = 'parley-theme';

export const THEMES = ['light', 'dark', 'system'] as const;

export type TTheme = (typeof THEMES)[number];

/** What is actually painted: `system` resolves to one of these. */
export type TResolvedTheme = 'light' | 'dark';

/** The theme names, as translation keys (`t(THEME_LABEL_KEYS[theme])`). */
export const THEME_LABEL_KEYS = {
  light: 'common:theme.light',
  dark: 'common:theme.dark',
  system: 'common:theme.system',
} as const satisfies Record<TTheme, string>;

/** "Light theme" and so on, as translation keys: the theme switch's button titles. */
export const THEME_TITLE_KEYS = {
  light: 'common:theme.titles.light',
  dark: 'common:theme.titles.dark',
  system: 'common:theme.titles.system',
} as const satisfies Record<TTheme, string>;

export const isTheme = (value: unknown): value is TTheme =>
  typeof value === 'string' && (THEMES as readonly string[]).includes(value);

/** The fetcher key shared by the theme control and the root layout that paints the optimistic choice. */
export const THEME_FETCHER_KEY = 'theme';

export const THEME_ACTION = '/resources/theme';

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

/**
 * The cookie both the server action and the browser write. A plain value
 * (`dark`, not a signed blob): it is a display preference with nothing to
 * protect. Not httpOnly on purpose: the browser writes it the moment a theme
 * is clicked, so a reload or navigation that beats the action's response
 * still renders the new theme (an httpOnly cookie could not be overwritten
 * from script).
 */
export function serializeThemeCookie(theme: TTheme, options: { isSecure: boolean }): string {
  return serialize(THEME_COOKIE, theme, {
    path: '/',
    maxAge: ONE_YEAR_SECONDS,
    sameSite: 'lax',
    secure: options.isSecure,
  });
}

/** Tabs tell each other about a new theme so they repaint without a reload. */
export const THEME_CHANNEL = 'parley-theme';

/**
 * Runs in <head> before the first paint. For `system` the server cannot know
 * the OS setting, so this sets `dark` from the media query and keeps
 * following it until React hydrates and takes over (the `data-theme` guard
 * stops it once the person picks an explicit theme).
 */
export const systemThemeScript = `(() => {
  const root = document.documentElement;
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    if (root.dataset.theme === 'system') root.classList.toggle('dark', query.matches);
  };
  apply();
  query.addEventListener('change', apply);
})();`;
