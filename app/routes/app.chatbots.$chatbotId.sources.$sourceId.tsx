import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { LiveSources } from '~/components/chatbots/live-sources';
import { handleSourceAction } from '~/components/chatbots/source-actions.server';
import { SourceEditor } from '~/components/chatbots/source-editor';
import { useChatbotLayout } from '~/components/chatbots/use-chatbot-layout';
import { orHttpError } from '~/lib/loader-errors.server';
import { metaT, pageTitle } from '~/lib/meta';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: pageTitle(matches, 'knowledge:meta.source', {
      title: data?.source.title ?? metaT(matches, 'knowledge:meta.sourceFallback'),
    }),
  },
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

const every = (t: TFunction, seconds: number) =>
  seconds % 3600 === 0
    ? t('knowledge:editor.everyHours', { count: seconds / 3600 })
    : seconds % 60 === 0
      ? t('knowledge:editor.everyMinutes', { count: seconds / 60 })
      : t('knowledge:editor.everySeconds', { count: seconds });

/** One source's page: its title (what visitors see), its text or file, and how often it syncs. */
export default function SourcePage() {
  const { t } = useTranslation();
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
          {t('knowledge:sources.backToAll')}
        </Link>
      </p>
      <h2 className="text-base font-semibold text-slate-900 dark:text-white">{source.title}</h2>
      {isAdmin ? (
        <SourceEditor source={source} shortestLabel={every(t, source.shortestSyncSeconds)} />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('knowledge:sources.adminOnly')}</p>
      )}
    </div>
  );
}
