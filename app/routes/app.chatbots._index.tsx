import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { StatusBadge } from '~/components/chatbots/status-badge';
import { orHttpError } from '~/lib/loader-errors.server';
import { hasRole } from '~/lib/roles';
import { buttonPrimary } from '~/lib/styles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = () => [{ title: 'Chatbots · Parley' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const [chatbots, templates] = await Promise.all([
    orHttpError(request, context.trpc.chatbot.list({ workspaceId: workspace.id })),
    orHttpError(request, context.trpc.chatbot.templates()),
  ]);
  const templateNames = Object.fromEntries(templates.map((template) => [template.id, template.name]));
  return {
    chatbots: chatbots.map((chatbot) => ({
      ...chatbot,
      templateName: templateNames[chatbot.template] ?? chatbot.template,
    })),
    isAdmin: hasRole(workspace.role, 'admin'),
  };
}

export default function Chatbots() {
  const { chatbots, isAdmin } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="chatbots-heading">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
        <h1 id="chatbots-heading" className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          Chatbots
        </h1>
        {isAdmin && (
          <Link to="/app/chatbots/new" className={buttonPrimary}>
            New chatbot
          </Link>
        )}
      </div>
      {chatbots.length === 0 ? (
        <div className="mt-6 rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
          <h2 className="text-lg font-semibold text-slate-900 dark:text-white">No chatbots yet</h2>
          <p className="mx-auto mt-2 max-w-prose text-sm text-slate-600 dark:text-slate-400">
            A chatbot answers your visitors from the knowledge you give it — pasted text, files, web pages and FAQ pairs
            — and hands the conversation to your team when it cannot help.
            {isAdmin ? ' Create one to get started.' : ' Ask an admin of this workspace to create one.'}
          </p>
        </div>
      ) : (
        <ul className="mt-6 divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200 dark:divide-slate-800 dark:bg-slate-900 dark:ring-slate-800">
          {chatbots.map((chatbot) => (
            <li key={chatbot.id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="flex items-center gap-2 font-medium text-slate-900 dark:text-white">
                  <Link to={`/app/chatbots/${chatbot.id}`} className="hover:underline">
                    {chatbot.name}
                  </Link>
                  <StatusBadge status={chatbot.status} />
                </p>
                <p className="text-sm text-slate-600 dark:text-slate-400">{chatbot.templateName}</p>
              </div>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {chatbot.sources.total === 0 ? (
                  'No sources'
                ) : (
                  <>
                    {chatbot.sources.ready} ready · {chatbot.sources.pending + chatbot.sources.processing} pending ·{' '}
                    {chatbot.sources.failed} failed
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
