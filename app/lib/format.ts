import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Numbers, dates, durations and relative times in the page's language, all
 * through `Intl`. Formatters are cached per language and options: building
 * an Intl object costs far more than using one.
 */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.ListFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.ListFormat>(
  kind: string,
  lng: string,
  options: object | undefined,
  make: () => T,
): T {
  const key = `${kind}|${lng}|${JSON.stringify(options ?? {})}`;
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) cache.set(key, (formatter = make()));
  return formatter;
}

export type TFormat = ReturnType<typeof formatFor>;

export function formatFor(lng: string) {
  const number = (value: number, options?: Intl.NumberFormatOptions) =>
    cached('n', lng, options, () => new Intl.NumberFormat(lng, options)).format(value);
  const dateTime = (value: Date | string | number, options: Intl.DateTimeFormatOptions) =>
    cached('d', lng, options, () => new Intl.DateTimeFormat(lng, options)).format(new Date(value));
  return {
    lng,
    number,
    percent: (share: number, options?: Intl.NumberFormatOptions) =>
      number(share, { style: 'percent', maximumFractionDigits: 0, ...options }),
    /** Any date or time with explicit Intl options (keep `timeZone: 'UTC'` where the server and browser must agree). */
    dateTime,
    /** "5 Dec 2026" (per language). */
    date: (value: Date | string | number, options?: Intl.DateTimeFormatOptions) =>
      dateTime(value, { dateStyle: 'medium', ...options }),
    /** "5 Dec 2026, 14:03" (per language). */
    dateAndTime: (value: Date | string | number, options?: Intl.DateTimeFormatOptions) =>
      dateTime(value, { dateStyle: 'medium', timeStyle: 'short', ...options }),
    /** "in 3 days", "yesterday", "5 minutes ago". */
    relative: (value: number, unit: Intl.RelativeTimeFormatUnit, options?: Intl.RelativeTimeFormatOptions) =>
      cached('r', lng, options, () => new Intl.RelativeTimeFormat(lng, { numeric: 'auto', ...options })).format(
        value,
        unit,
      ),
    /** "a, b and c" (per language). */
    list: (items: string[], options?: Intl.ListFormatOptions) =>
      cached('l', lng, options, () => new Intl.ListFormat(lng, { type: 'conjunction', ...options })).format(items),
    /** The name of a language (`de` → "German" in English, "Deutsch" in German). */
    languageName: (code: string) => {
      try {
        return new Intl.DisplayNames([lng], { type: 'language' }).of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
}

/** The formatters for the page's language. */
export function useFormat(): TFormat {
  const { i18n } = useTranslation();
  const lng = i18n.language || 'en';
  return useMemo(() => formatFor(lng), [lng]);
}
