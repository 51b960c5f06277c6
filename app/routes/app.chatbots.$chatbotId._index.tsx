import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { AddSourcePanel } from '~/components/chatbots/add-source-panel';
import { LiveSources } from '~/components/chatbots/live-sources';
import { handleSourceAction } from '~/components/chatbots/source-actions.server';
import { SourceList } from '~/components/chatbots/source-list';
import { useChatbotLayout } from '~/components/chatbots/use-chatbot-layout';
import { orHttpError } from '~/lib/loader-errors.server';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const sources = await orHttpError(
    request,
    context.trpc.knowledge.source.list({ workspaceId: workspace.id, chatbotId: params.chatbotId ?? '' }),
  );
  return { sources };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  return handleSourceAction(context, request, { workspaceId: workspace.id, chatbotId: params.chatbotId ?? '' });
}

/** The Knowledge tab: what the chatbot answers from (FAQ pairs have their own tab). */
export default function ChatbotKnowledge() {
  const { t } = useTranslation();
  const { sources } = useLoaderData<typeof loader>();
  const { isAdmin, workspaceId, chatbot } = useChatbotLayout();
  const documents = sources.filter((source) => source.kind !== 'faq');
  const faqCount = sources.length - documents.length;
  return (
    <div className="space-y-8">
      {/* Statuses change in the background (the job queue); the list follows without a reload. */}
      <LiveSources workspaceId={workspaceId} chatbotId={chatbot.id} />
      <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">{t('knowledge:index.intro')}</p>
      <div className="grid items-start gap-8 lg:grid-cols-5">
        <section aria-labelledby="sources-heading" className="space-y-3 lg:col-span-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="sources-heading" className="text-base font-semibold text-slate-900 dark:text-white">
              {t('knowledge:sources.heading')}
            </h2>
            <div className="flex flex-wrap gap-4 text-sm">
              {faqCount > 0 && (
                <Link to="faq" className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-300">
                  {t('knowledge:index.faqLink', { count: faqCount })}
                </Link>
              )}
              {isAdmin && documents.length > 0 && (
                // On a phone the form is below a possibly long list.
                <a
                  href="#add-knowledge"
                  className="text-brand-700 underline-offset-2 hover:underline lg:hidden dark:text-brand-300"
                >
                  {t('knowledge:add.heading')}
                </a>
              )}
            </div>
          </div>
          {documents.length === 0 ? (
            <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
              {isAdmin ? t('knowledge:index.emptyAdmin') : t('knowledge:index.empty')}
            </p>
          ) : (
            <SourceList sources={documents} isAdmin={isAdmin} />
          )}
        </section>
        <div id="add-knowledge" className="scroll-mt-6 lg:sticky lg:top-6 lg:col-span-2">
          {isAdmin ? (
            <AddSourcePanel />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('knowledge:index.adminOnly')}</p>
          )}
        </div>
      </div>
    </div>
  );
}
