/**
 * The only link targets drawn from data (source addresses, citations, links
 * in answers, visitor pages): absolute http(s) URLs. Anything else —
 * `javascript:`, `data:`, `vbscript:`, a relative path into Parley itself —
 * gives `undefined`, and the caller shows the text without a link. Parsed,
 * not prefix-matched, so tabs, line breaks and odd casing (`JaVa\tscript:`)
 * are read the way the browser would read them. Pure: the dashboard and the
 * widget frame share it.
 */
export const safeHref = (value: string | null | undefined): string | undefined => {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
};
