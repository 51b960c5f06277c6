import { THEME_COOKIE, isTheme, type TTheme } from './theme';

/** The saved preference, or `system` when none (or a tampered value) is sent. */
export function getTheme(request: Request): TTheme {
  const header = request.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== THEME_COOKIE) continue;
    const value = decodeURIComponent(rest.join('='));
    return isTheme(value) ? value : 'system';
  }
  return 'system';
}
