import { translateMessage } from '../../../shared/i18n/server';
import type { TAppLanguage } from '../../../shared/languages';
import type { TEnv } from '../../env';

export const CROSS_SITE_KEY = 'auth:errors.crossSite';
/** The refusal in English (logs, and tests that compare it). */
export const CROSS_SITE_MESSAGE = translateMessage('en', CROSS_SITE_KEY);
/** The refusal in the reader's language. */
export const crossSiteMessage = (language: TAppLanguage) => translateMessage(language, CROSS_SITE_KEY);

/**
 * Whether a state-changing request came from another site. Browsers send
 * `Sec-Fetch-Site` on every request and `Origin` on every non-GET one, so a
 * form or fetch from a foreign page is recognisable; non-browser clients
 * send neither and pass (they carry no cookies of ours unless given them).
 * Requests authenticated by an API key (Bearer) carry no ambient credential
 * and are exempt.
 */
export function isCrossSiteRequest(env: TEnv, headers: Headers) {
  if (headers.get('authorization')?.toLowerCase().startsWith('bearer ')) return false;
  if (headers.get('sec-fetch-site')?.toLowerCase() === 'cross-site') return true;
  const origin = headers.get('origin');
  if (!origin) return false;
  // Sandboxed frames and some redirects send the literal "null": never one of ours.
  if (origin === 'null') return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return true;
  }
  const allowed = new Set<string>();
  // Forwarded headers arrive only from a trusted proxy (TRUST_PROXY): the edge drops them otherwise (http/proxy.ts).
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
  if (host) allowed.add(host.toLowerCase());
  if (headers.get('host')) allowed.add(headers.get('host')!.toLowerCase());
  if (env.APP_URL) allowed.add(new URL(env.APP_URL).host.toLowerCase());
  return !allowed.has(originHost);
}
