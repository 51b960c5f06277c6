/**
 * The one-line embed snippet. The loader is served from the app's own origin
 * at `/widget.js` (server/http/server.ts serves widget/dist), and reads its
 * chatbot from `data-chatbot`; `async` keeps it from ever blocking the host
 * page's rendering.
 */
export const WIDGET_SCRIPT_PATH = '/widget.js';
export const EMBED_KEY_ATTRIBUTE = 'data-chatbot';

/** Attribute values are escaped so a strange key or URL can never break out of the tag. */
const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function buildEmbedSnippet(appUrl: string, publicKey: string): string {
  // A trailing slash on the configured URL would otherwise give `//widget.js`.
  const base = appUrl.trim().replace(/\/+$/, '');
  const src = `${base}${WIDGET_SCRIPT_PATH}`;
  return `<script async src="${escapeAttribute(src)}" ${EMBED_KEY_ATTRIBUTE}="${escapeAttribute(publicKey)}"></script>`;
}

/**
 * The chat frame itself, for the live preview in the web app: `origin` is the
 * dashboard's own (it is the frame's parent), and the preview token lets a
 * draft chatbot answer there.
 */
export function buildPreviewFrameUrl(origin: string, publicKey: string, previewToken: string): string {
  const url = new URL('/widget/frame', origin);
  url.searchParams.set('key', publicKey);
  url.searchParams.set('origin', origin);
  url.searchParams.set('preview', previewToken);
  return url.toString();
}

/**
 * How a host page drives the widget. The first line is the queue stub: calls
 * made before the loader has arrived are kept and run once it has.
 */
export const HOST_API_EXAMPLE = `<script>
  window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
  // Who the visitor is, when your site knows (shown to your team in the inbox).
  Parley('identify', { name: 'Ada Lovelace', email: 'ada@example.com' });
  // Where they are: the bot and your team see it with the conversation.
  Parley('setContext', { page: location.pathname, product: 'Trail runner 2' });
  // Open, close or toggle the chat from your own buttons.
  document.querySelector('#help')?.addEventListener('click', () => Parley('open'));
  // React to the chat: 'message', 'open' and 'close'.
  Parley('on', 'message', (message) => console.log('Parley:', message));
</script>`;

/**
 * The address host pages load the widget from: the configured APP_URL when
 * there is one (behind a proxy it is the only reliable answer), otherwise the
 * origin this page was reached at, which is what the admin can reach too.
 */
export function resolveAppUrl(configured: string | null | undefined, requestUrl: string): string {
  return configured || new URL(requestUrl).origin;
}
