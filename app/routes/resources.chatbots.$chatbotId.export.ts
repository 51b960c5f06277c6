import type { LoaderFunctionArgs } from '@remix-run/node';
import { orHttpError } from '~/lib/loader-errors.server';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

/** A file name any system accepts: the chatbot's name in lower-case ASCII words. */
const fileNameFor = (name: string) => {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'chatbot'}.parley.json`;
};

/**
 * The chatbot as a downloadable `parley.chatbot` JSON file (admins only: the
 * procedure decides). A GET, so a plain link downloads it; refusals become the
 * usual error page.
 */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const exported = await orHttpError(
    request,
    context.trpc.chatbot.export({ workspaceId: workspace.id, chatbotId: params.chatbotId ?? '' }),
  );
  return new Response(`${JSON.stringify(exported, null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileNameFor(exported.name)}"`,
      // It holds the persona and every source's text: never keep it in a shared cache.
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
