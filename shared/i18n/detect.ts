import Negotiator from 'negotiator';
import { isAppLanguage, type TAppLanguage } from '../languages';
import { DEFAULT_LANGUAGE, LANGUAGES } from './config';

/** The cookie the language switch of signed-out pages sets. */
export const LANGUAGE_COOKIE = 'parley_lang';

const cookieLanguage = (cookieHeader: string | null) => {
  const match = cookieHeader?.match(new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=([a-z]{2})(?:;|$)`));
  return match && isAppLanguage(match[1]!) ? match[1] : null;
};

/**
 * The language a request is answered in: the account's preference, else the
 * one picked with the switch on signed-out pages, else the best match of the
 * browser's `Accept-Language` (negotiator: the same q-value matching Express
 * uses), else English.
 */
export function requestLanguage(headers: Headers, preference?: string | null): TAppLanguage {
  if (preference && isAppLanguage(preference)) return preference;
  const picked = cookieLanguage(headers.get('cookie'));
  if (picked) return picked;
  const accept = headers.get('accept-language');
  if (!accept) return DEFAULT_LANGUAGE;
  const best = new Negotiator({ headers: { 'accept-language': accept } }).language([...LANGUAGES]);
  return best && isAppLanguage(best) ? best : DEFAULT_LANGUAGE;
}

/** The app language closest to a browser's locale (`de-CH` → `de`), else English: for mails to visitors. */
export function languageOfLocale(locale: string | null | undefined): TAppLanguage {
  const base = locale?.toLowerCase().split(/[-_]/)[0] ?? '';
  return isAppLanguage(base) ? base : DEFAULT_LANGUAGE;
}
