import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { AddFaqForm, FaqList, type TFaqPair } from '~/components/chatbots/faq-list';
import { LiveSources } from '~/components/chatbots/live-sources';
import { handleSourceAction } from '~/components/chatbots/source-actions.server';
import { useChatbotLayout } from '~/components/chatbots/use-chatbot-layout';
import { orHttpError } from '~/lib/loader-errors.server';
import { metaT, pageTitle } from '~/lib/meta';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((match) => match.id === 'routes/app.chatbots.$chatbotId')?.data as
    { chatbot?: { name?: string } } | undefined;
  const name = layout?.chatbot?.name ?? metaT(matches, 'knowledge:meta.chatbot');
  return [{ title: pageTitle(matches, 'knowledge:meta.faq', { name }) }];
};

/**
 * An FAQ pair is a source whose title is the question and whose content is
 * the answer; `knowledge.source.list` carries that text for FAQ rows only (documents
 * can be large), as `answer` or `content`.
 */
const answerOf = (source: object): string | null => {
  if ('answer' in source && typeof source.answer === 'string') return source.answer;
  if ('content' in source && typeof source.content === 'string') return source.content;
  return null;
};

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const sources = await orHttpError(
    request,
    context.trpc.knowledge.source.list({ workspaceId: workspace.id, chatbotId: params.chatbotId ?? '' }),
  );
  const pairs: TFaqPair[] = sources
    .filter((source) => source.kind === 'faq')
    .map((source) => ({
      id: source.id,
      question: source.title,
      answer: answerOf(source),
      status: source.status,
      error: source.error,
    }));
  return { pairs };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  return handleSourceAction(context, request, { workspaceId: workspace.id, chatbotId: params.chatbotId ?? '' });
}

/** The FAQ tab: pairs answered word for word, edited in place. */
export default function ChatbotFaq() {
  const { t } = useTranslation();
  const { pairs } = useLoaderData<typeof loader>();
  const { isAdmin, workspaceId, chatbot } = useChatbotLayout();
  return (
    <div className="space-y-8">
      {/* Statuses change in the background (the job queue); the list follows without a reload. */}
      <LiveSources workspaceId={workspaceId} chatbotId={chatbot.id} />
      <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">{t('knowledge:faq.intro')}</p>
      <div className="grid items-start gap-8 lg:grid-cols-5">
        <section aria-labelledby="faq-pairs-heading" className="space-y-3 lg:col-span-3">
          <h2 id="faq-pairs-heading" className="text-base font-semibold text-slate-900 dark:text-white">
            {t('knowledge:faq.count', { count: pairs.length })}
          </h2>
          {pairs.length === 0 ? (
            <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
              {t('knowledge:faq.empty')}
            </p>
          ) : (
            <FaqList pairs={pairs} isAdmin={isAdmin} />
          )}
        </section>
        <div className="lg:sticky lg:top-6 lg:col-span-2">
          {isAdmin ? (
            <AddFaqForm />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('knowledge:faq.adminOnly')}</p>
          )}
        </div>
      </div>
    </div>
  );
}
