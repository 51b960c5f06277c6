import { parse } from 'cookie';
import { THEME_COOKIE, isTheme, type TTheme } from './theme';

/** The saved preference, or `system` when none (or a tampered value) is sent. */
export function getTheme(request: Request): TTheme {
  const value = parse(request.headers.get('cookie') ?? '')[THEME_COOKIE];
  return isTheme(value) ? value : 'system';
}
