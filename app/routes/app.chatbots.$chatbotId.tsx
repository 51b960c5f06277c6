import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Outlet, useLoaderData } from '@remix-run/react';
import { ChatbotTabs } from '~/components/chatbots/chatbot-tabs';
import { StatusBadge } from '~/components/chatbots/status-badge';
import { orHttpError } from '~/lib/loader-errors.server';
import { metaT, pageTitle } from '~/lib/meta';
import { hasRole } from '../../shared/roles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: pageTitle(matches, 'chatbots:meta.chatbot', {
      name: data?.chatbot.name ?? metaT(matches, 'chatbots:meta.unnamed'),
    }),
  },
];

/**
 * The frame of every chatbot tab: its basics, read once here, are what the
 * tabs share (through `useChatbotLayout`); each tab loads what only it needs.
 */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const chatbot = await orHttpError(
    request,
    context.trpc.chatbot.get({ workspaceId: workspace.id, chatbotId: params.chatbotId ?? '' }),
  );
  return {
    workspaceId: workspace.id,
    role: workspace.role,
    isAdmin: hasRole(workspace.role, 'admin'),
    chatbot: {
      id: chatbot.id,
      name: chatbot.name,
      status: chatbot.status,
      template: chatbot.template,
      publicKey: chatbot.publicKey,
    },
  };
}

export default function ChatbotLayout() {
  const { chatbot } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="min-w-0 text-2xl font-bold tracking-tight break-words text-slate-900 dark:text-white">
          {chatbot.name}
        </h1>
        <StatusBadge status={chatbot.status} />
      </div>
      <ChatbotTabs />
      <Outlet />
    </div>
  );
}
