import { appUrl, type TEnv } from '../../env';

/**
 * Parley's own origins for a request: APP_URL's, and the one the request was
 * addressed to (`Host`), so a setup without APP_URL (or reached under
 * another name) still recognises its own pages — the demo page and the
 * live preview in the dashboard.
 */
export function ownOrigins(env: Pick<TEnv, 'APP_URL' | 'PORT'>, headers: Headers): string[] {
  const origins = new Set<string>([new URL(appUrl(env as TEnv)).origin]);
  // Forwarded headers arrive only from a trusted proxy (TRUST_PROXY): the edge drops them otherwise (http/proxy.ts).
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
  if (host && /^[\w.-]+(:\d+)?$|^\[[\da-f:.]+\](:\d+)?$/i.test(host)) {
    const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
    const schemes = forwarded === 'https' || forwarded === 'http' ? [forwarded] : ['http', 'https'];
    for (const scheme of schemes) origins.add(new URL(`${scheme}://${host}`).origin);
  }
  return [...origins];
}

/** `scheme://host[:port]` in the form browsers send in `Origin`, or null for anything else. */
export function normaliseRequestOrigin(raw: string | null | undefined): string | null {
  if (!raw || raw === 'null' || raw.length > 2048) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * Whether an origin is on a chatbot's allowlist. Entries are normalised
 * (settings.ts); `https://*.example.com` stands for every subdomain at any
 * depth, not the apex, as it does in CSP.
 */
export function isOriginAllowed(allowed: readonly string[], origin: string): boolean {
  const candidate = normaliseRequestOrigin(origin);
  if (!candidate) return false;
  const url = new URL(candidate);
  return allowed.some((entry) => {
    if (entry === candidate) return true;
    const wildcard = /^(https?:)\/\/\*\.([^/:]+)(?::(\d+))?$/.exec(entry);
    if (!wildcard) return false;
    const [, scheme, domain, port = ''] = wildcard;
    return url.protocol === scheme && url.port === port && url.hostname.endsWith(`.${domain}`);
  });
}
