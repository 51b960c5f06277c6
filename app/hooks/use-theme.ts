import { useFetcher, useRevalidator, useRouteLoaderData } from '@remix-run/react';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { THEME_CHANNEL, THEME_FETCHER_KEY, isTheme, type TResolvedTheme, type TTheme } from '~/lib/theme';
import type { loader as rootLoader } from '~/root';

const DARK_QUERY = '(prefers-color-scheme: dark)';

const subscribeToColorScheme = (onChange: () => void) => {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

/** The OS setting in the browser; null on the server, which cannot know it. */
export function useSystemPrefersDark(): boolean | null {
  return useSyncExternalStore(
    subscribeToColorScheme,
    () => window.matchMedia(DARK_QUERY).matches,
    () => null,
  );
}

/** The chosen theme, showing a pending choice at once instead of after the round trip. */
export function useThemePreference(): TTheme {
  const data = useRouteLoaderData<typeof rootLoader>('root');
  const fetcher = useFetcher({ key: THEME_FETCHER_KEY });
  const pending = fetcher.formData?.get('theme');
  if (isTheme(pending)) return pending;
  return data?.theme ?? 'system';
}

/** What to paint; null while `system` is chosen and the OS setting is not known yet (SSR). */
export function useResolvedTheme(preference: TTheme): TResolvedTheme | null {
  const prefersDark = useSystemPrefersDark();
  if (preference !== 'system') return preference;
  if (prefersDark === null) return null;
  return prefersDark ? 'dark' : 'light';
}

/** Other tabs pick up a theme change without a reload (the cookie is shared, the page is not). */
export function useThemeSync() {
  const revalidator = useRevalidator();
  // The channel lives for the whole page; it only needs the latest revalidate.
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(THEME_CHANNEL);
    channel.onmessage = () => revalidate.current();
    return () => channel.close();
  }, []);
}

export function announceThemeChange(theme: TTheme) {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(THEME_CHANNEL);
  channel.postMessage(theme);
  channel.close();
}
