import http from 'node:http';
import { freePort } from '../../helpers/net';
import type { trpcAs } from './trpc';

/** The embed snippet a site owner pastes: Parley's loader at `appUrl`, for the chatbot with `publicKey`. */
export const widgetSnippet = (appUrl: string, publicKey: string) =>
  `<script async src="${appUrl}/widget.js" data-chatbot="${publicKey}"></script>`;

/**
 * A plain website on a port of its own that pastes the widget's snippet, as
 * a customer's site would: the host page for the browser tests of the widget
 * and the inbox. It also tells the widget where the visitor is, and keeps
 * what the chat reports through the host-page API in `window.chatEvents`.
 */
export async function customerSite(snippet: () => string) {
  const port = await freePort();
  const server = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><title>Shoe shop</title></head><body>
<h1>Shoe shop</h1><p>Trail runners and more.</p>
<script>
  window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
  window.chatEvents = [];
  Parley('on', 'message', function (m) { window.chatEvents.push(m); });
  Parley('setContext', { page: '/trail-runner-2', product: 'Trail runner 2' });
</script>
${snippet()}
</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A chatbot of the signed-in owner, live on `origin`, knowing `sources`
 * (indexed before this returns): what a site owner has after setting one up.
 */
export async function liveChatbot(
  trpc: Awaited<ReturnType<typeof trpcAs>>,
  options: { name: string; origin: string; sources: { title: string; content: string }[] },
) {
  const workspace = (await trpc.workspace.current.query())!;
  const chatbot = await trpc.chatbot.create.mutate({
    workspaceId: workspace.id,
    name: options.name,
    template: 'support',
  });
  const ref = { workspaceId: workspace.id, chatbotId: chatbot.id };
  for (const source of options.sources) await trpc.knowledge.source.createText.mutate({ ...ref, ...source });
  for (let tries = 0; ; tries++) {
    const sources = await trpc.knowledge.source.list.query(ref);
    if (sources.every((source) => source.status === 'ready')) break;
    if (tries > 100) throw new Error(`sources not ready: ${JSON.stringify(sources)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await trpc.chatbot.update.mutate({ ...ref, allowedOrigins: [options.origin] });
  await trpc.chatbot.setStatus.mutate({ ...ref, status: 'live' });
  return { workspace, chatbot };
}
