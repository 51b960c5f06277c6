/** Shared by the browser and the server: no server imports here. */
import type { TFunction } from 'i18next';
import type { TFormat } from './format';

const BROWSERS: [RegExp, string][] = [
  // Order matters: Edge and Opera also say "Chrome", and Chrome also says "Safari".
  [/Edg(?:e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/HeadlessChrome\//, 'Headless Chrome'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** "Firefox on Windows" from a raw user agent: enough to recognise a device, without the noise. */
export function describeUserAgent(userAgent: string | null | undefined, t: TFunction): string {
  if (!userAgent) return t('inbox:device.unknown');
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return t('inbox:device.browserOnSystem', { browser, system });
  if (browser ?? system) return (browser ?? system)!;
  // Scripts and API clients: their own first word ("curl/8.5") is the most telling part.
  return userAgent.split(/\s/)[0]!.slice(0, 60);
}

/**
 * A fixed time zone so the server's HTML and the browser's hydration agree
 * (the local zone is unknown on the server); labelled so it is not misread.
 */
export const formatUtc = (value: Date | string, format: TFormat) =>
  `${format.dateAndTime(value, { timeZone: 'UTC' })} UTC`;
