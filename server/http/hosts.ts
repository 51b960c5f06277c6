export const MISDIRECTED_MESSAGE =
  'This Parley install does not answer to that host name. If it is yours, add it to ALLOWED_HOSTS.';

/** The names a fresh install answers to, on any port: what a laptop, a container probe or a test uses. */
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * A host name as browsers and URL parsers write it: lower case, punycode,
 * IPv6 in brackets, no port, no trailing dot (`example.com.` is the same
 * name). Null for anything that is not a host.
 */
export const normaliseHostName = (raw: string): string | null => {
  if (!raw || raw.length > 300 || /[/?#@\s\\]/.test(raw)) return null;
  try {
    const { hostname } = new URL(`http://${raw}`);
    return hostname.replace(/\.$/, '') || null;
  } catch {
    return null;
  }
};

/**
 * One ALLOWED_HOSTS entry, normalised, or null when it is not a host name:
 * `chat.example.com`, an address, or `*.example.com` for every subdomain at
 * any depth (not the apex, as in the chatbot's origin list and in CSP).
 * No scheme and no port: the port a proxy forwards to varies, the name does not.
 */
export const normaliseAllowedHost = (entry: string): string | null => {
  const wildcard = entry.startsWith('*.');
  const name = wildcard ? entry.slice(2) : entry;
  if (/:\d+$/.test(name) && !name.endsWith(']')) return null;
  const host = normaliseHostName(name);
  if (!host || host.includes('*') || (wildcard && host.startsWith('['))) return null;
  return wildcard ? `*.${host}` : host;
};

export type THostAllowlist = (hostHeader: string | undefined) => boolean;

/**
 * Refusing every other Host closes DNS rebinding: a page on evil.example
 * whose name is made to resolve to this server still sends
 * `Host: evil.example`, so it can never read our answers (the local mailbox,
 * an API reply) as same-origin.
 */
export const hostAllowlist = (options: { appUrl: string; allowedHosts: readonly string[] }): THostAllowlist => {
  const exact = new Set([new URL(options.appUrl).hostname, ...LOCAL_HOSTS]);
  const suffixes: string[] = [];
  for (const entry of options.allowedHosts) {
    if (entry.startsWith('*.')) suffixes.push(entry.slice(1));
    else exact.add(entry);
  }
  return (hostHeader) => {
    const host = hostHeader ? normaliseHostName(hostHeader) : null;
    if (!host) return false;
    return exact.has(host) || suffixes.some((suffix) => host.endsWith(suffix));
  };
};
