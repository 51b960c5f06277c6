import type { LoaderFunctionArgs } from '@remix-run/node';
import { STATUS_LABELS } from '~/components/chatbots/status-badge';
import { buildEmbedSnippet, resolveAppUrl } from '~/lib/embed';
import { requestT } from '~/lib/i18n.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A string for the page's inline script: JSON, with `<` escaped so it can never close the script element. */
const scriptString = (value: string) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The demo page is a customer's site, not a Parley page, so it gets the
 * policy such a site would need: its own inline script (by nonce), the
 * widget's loader from Parley, the loader's config request and the chat
 * frame. Set here, so the web app's policy (server/http/security-headers.ts)
 * stays out of its way.
 */
const demoPolicy = ({ nonce, appOrigin }: { nonce: string; appOrigin: string }) =>
  [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' ${appOrigin}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: ${appOrigin}`,
    `connect-src 'self' ${appOrigin}`,
    `frame-src ${appOrigin}`,
    "frame-ancestors 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

/**
 * A stand-in website with the chatbot's widget on it, so a new user can try
 * the real thing at once — before it is live and before their own site has
 * the snippet. It is a whole HTML document of its own, not a Remix page: the
 * loader belongs to a host page, and a client-side navigation away would
 * otherwise leave the launcher behind on the dashboard. The preview token in
 * `data-preview` lets a draft or paused chatbot load here (Parley's own
 * origin) and nowhere else.
 */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const chatbotId = params.chatbotId ?? '';
  const chatbot = await orHttpError(request, context.trpc.chatbot.get({ workspaceId: workspace.id, chatbotId }));
  const { token } = await orHttpError(
    request,
    context.trpc.chatbot.previewToken({ workspaceId: workspace.id, chatbotId }),
  );
  const appUrl = resolveAppUrl(chatbot.appUrl, request.url);
  const snippet = buildEmbedSnippet(appUrl, chatbot.publicKey).replace(
    '></script>',
    ` data-preview="${escapeHtml(token)}"></script>`,
  );
  const t = requestT(context);
  const name = escapeHtml(chatbot.name);
  const nonce = escapeHtml(context.cspNonce);
  const status = STATUS_LABELS[chatbot.status];
  // Values go in escaped (the translator leaves them as they are); the sentences themselves are Parley's own.
  const note =
    chatbot.status === 'live'
      ? t('chatbots:demo.noteLive')
      : t('chatbots:demo.noteNotLive', { name, status: escapeHtml(status ? t(status) : chatbot.status) });
  const html = `<!doctype html>
<html lang="${escapeHtml(context.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(t('chatbots:demo.title', { name: chatbot.name }))}</title>
<style>
  body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1e293b; background: #f8fafc; }
  header { background: #fff; border-bottom: 1px solid #e2e8f0; padding: 14px 24px; display: flex; gap: 16px; align-items: center; justify-content: space-between; flex-wrap: wrap; }
  main { max-width: 720px; margin: 0 auto; padding: 32px 24px 120px; }
  h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 12px; }
  .note { background: #eef2ff; border: 1px solid #c7d2fe; border-radius: 8px; padding: 12px 16px; }
  .status { font-size: .85rem; color: #475569; }
  button { font: inherit; padding: 8px 14px; border-radius: 8px; border: 1px solid #cbd5e1; background: #fff; cursor: pointer; margin: 4px 8px 4px 0; }
  button:focus-visible, a:focus-visible { outline: 2px solid #4f46e5; outline-offset: 2px; }
  code { font-size: .85em; background: #e2e8f0; border-radius: 4px; padding: 1px 5px; }
  a { color: #4338ca; }
</style>
</head>
<body>
<header>
  <strong>${escapeHtml(t('chatbots:demo.shop'))}</strong>
  <a href="/app/chatbots/${encodeURIComponent(chatbot.id)}/widget">${escapeHtml(t('chatbots:demo.back', { name: chatbot.name }))}</a>
</header>
<main>
  <h1>${escapeHtml(t('chatbots:demo.heading', { name: chatbot.name }))}</h1>
  <p class="note">${note}</p>
  <p>${escapeHtml(t('chatbots:demo.tryIt'))}</p>
  <h2>${escapeHtml(t('chatbots:demo.apiHeading'))}</h2>
  <p>${escapeHtml(t('chatbots:demo.apiIntro'))}</p>
  <p>
    <button type="button" data-call="open">Parley('open')</button>
    <button type="button" data-call="close">Parley('close')</button>
    <button type="button" data-call="toggle">Parley('toggle')</button>
    <button type="button" data-call="context">Parley('setContext', { product: 'Trail runner 2' })</button>
  </p>
  <p class="status" aria-live="polite" id="events">${escapeHtml(t('chatbots:demo.events'))}</p>
</main>
<script nonce="${nonce}">
  window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
  Parley('setContext', { page: location.pathname });
  var log = document.getElementById('events');
  var lastEvent = ${scriptString(t('chatbots:demo.lastEvent', { event: '%s' }))};
  ['open', 'close', 'message'].forEach(function (name) {
    Parley('on', name, function () { log.textContent = lastEvent.replace('%s', name); });
  });
  document.querySelectorAll('[data-call]').forEach(function (button) {
    button.addEventListener('click', function () {
      var call = button.getAttribute('data-call');
      if (call === 'context') Parley('setContext', { product: 'Trail runner 2' });
      else Parley(call);
    });
  });
</script>
${snippet}
</body>
</html>
`;
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      // It carries a preview token: never keep it in a shared cache.
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': demoPolicy({ nonce: context.cspNonce, appOrigin: new URL(appUrl).origin }),
    },
  });
}
