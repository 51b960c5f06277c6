import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { LiveSources } from '~/components/chatbots/live-sources';
import { handleSourceAction } from '~/components/chatbots/source-actions.server';
import { SourceEditor } from '~/components/chatbots/source-editor';
import { useChatbotLayout } from '~/components/chatbots/use-chatbot-layout';
import { orHttpError } from '~/lib/loader-errors.server';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.source.title ?? 'Source'} · Knowledge · Parley` },
];

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const source = await orHttpError(
    request,
    context.trpc.knowledge.source.get({ workspaceId: workspace.id, sourceId: params.sourceId ?? '' }),
  );
  // A source of another chatbot is not reached through this one's address.
  if (source.chatbotId !== params.chatbotId) throw new Response('Not found', { status: 404 });
  return { source };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  return handleSourceAction(context, request, { workspaceId: workspace.id, chatbotId: params.chatbotId ?? '' });
}

const every = (seconds: number) =>
  seconds % 3600 === 0
    ? `every ${seconds / 3600 === 1 ? 'hour' : `${seconds / 3600} hours`}`
    : seconds % 60 === 0
      ? `every ${seconds / 60} minutes`
      : `every ${seconds} seconds`;

/** One source's page: its title (what visitors see), its text or file, and how often it syncs. */
export default function SourcePage() {
  const { source } = useLoaderData<typeof loader>();
  const { isAdmin, workspaceId, chatbot } = useChatbotLayout();
  return (
    <div className="space-y-6">
      <LiveSources workspaceId={workspaceId} chatbotId={chatbot.id} />
      <p className="text-sm">
        <Link
          to={`/app/chatbots/${chatbot.id}`}
          className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-300"
        >
          ← All sources
        </Link>
      </p>
      <h2 className="text-base font-semibold text-slate-900 dark:text-white">{source.title}</h2>
      {isAdmin ? (
        <SourceEditor source={source} shortestLabel={every(source.shortestSyncSeconds)} />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">Only admins can change sources.</p>
      )}
    </div>
  );
}
