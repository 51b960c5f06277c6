/** A stand-in for this site's origin: only a target that stays on it is followed. */
const OWN_ORIGIN = 'http://own.invalid';

/**
 * Where to go after logging in, switching workspace or theme: only a path on
 * this site, never another origin (an open redirect would let a link send
 * people anywhere). Decided the way a browser reads the Location header — by
 * parsing against our own origin, which drops tabs and line breaks and reads
 * `\` as `/` — so no spelling of `//evil.example` slips past a prefix check,
 * and the answer is rebuilt from the parsed parts, so what we send is exactly
 * what was checked (and never a header value Node refuses with a 500).
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/app') {
  if (typeof to !== 'string' || !to.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(to, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== OWN_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil.example` parses to the path `//evil.example`, which a browser would read as another host.
  return path.startsWith('//') ? fallback : path;
}
