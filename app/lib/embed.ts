/**
 * The one-line embed snippet. The loader is served from the app's own origin
 * at `/widget.js` (server/http/server.ts serves widget/dist), and reads its
 * chatbot from `data-parley-key`; `async` keeps it from ever blocking the host
 * page's rendering.
 */
export const WIDGET_SCRIPT_PATH = '/widget.js';
export const EMBED_KEY_ATTRIBUTE = 'data-parley-key';

/** Attribute values are escaped so a strange key or URL can never break out of the tag. */
const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function buildEmbedSnippet(appUrl: string, publicKey: string): string {
  // A trailing slash on the configured URL would otherwise give `//widget.js`.
  const base = appUrl.trim().replace(/\/+$/, '');
  const src = `${base}${WIDGET_SCRIPT_PATH}`;
  return `<script src="${escapeAttribute(src)}" ${EMBED_KEY_ATTRIBUTE}="${escapeAttribute(publicKey)}" async></script>`;
}

/**
 * The address host pages load the widget from: the configured APP_URL when
 * there is one (behind a proxy it is the only reliable answer), otherwise the
 * origin this page was reached at, which is what the admin can reach too.
 */
export function resolveAppUrl(configured: string | null | undefined, requestUrl: string): string {
  return configured || new URL(requestUrl).origin;
}
