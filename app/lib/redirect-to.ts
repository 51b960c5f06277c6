/**
 * Where to go after logging in: only a path on this site, never another
 * origin (an open redirect would let a link send people anywhere).
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/app') {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback;
  return to;
}
