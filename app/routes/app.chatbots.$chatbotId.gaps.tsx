import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { GapList, type TGapActionResult, type TGapStatus } from '~/components/chatbots/gap-list';
import { useChatbotLayout } from '~/components/chatbots/use-chatbot-layout';
import { FormMessage } from '~/components/form-fields';
import { useFormat } from '~/lib/format';
import { runFormAction } from '~/lib/forms.server';
import { requestT } from '~/lib/i18n.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { metaT, pageTitle } from '~/lib/meta';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((match) => match.id === 'routes/app.chatbots.$chatbotId')?.data as
    { chatbot?: { name?: string } } | undefined;
  const name = layout?.chatbot?.name ?? metaT(matches, 'knowledge:meta.chatbot');
  return [{ title: pageTitle(matches, 'knowledge:meta.gaps', { name }) }];
};

const STATUSES: { status: TGapStatus; label: string }[] = [
  { status: 'open', label: 'knowledge:gaps.statuses.open' },
  { status: 'resolved', label: 'knowledge:gaps.statuses.resolved' },
  { status: 'dismissed', label: 'knowledge:gaps.statuses.dismissed' },
];

const statusOf = (request: Request): TGapStatus => {
  const value = new URL(request.url).searchParams.get('status');
  return STATUSES.some((s) => s.status === value) ? (value as TGapStatus) : 'open';
};

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const status = statusOf(request);
  const { gaps, counts } = await orHttpError(
    request,
    context.trpc.knowledge.gap.list({ workspaceId: workspace.id, chatbotId: params.chatbotId ?? '', status }),
  );
  return { gaps, counts, status };
}

export async function action({ context, request }: ActionFunctionArgs): Promise<TGapActionResult> {
  const workspace = await requireCurrentWorkspace(context, request);
  const form = await request.formData();
  const field = (name: string) => String(form.get(name) ?? '');
  const intent = field('intent');
  const gapId = field('gapId');
  const ids = { workspaceId: workspace.id, gapId };
  const calls: Record<string, () => Promise<unknown>> = {
    answer: () => context.trpc.knowledge.gap.answer({ ...ids, question: field('question'), answer: field('answer') }),
    dismiss: () => context.trpc.knowledge.gap.dismiss(ids),
    resolve: () => context.trpc.knowledge.gap.resolve(ids),
    reopen: () => context.trpc.knowledge.gap.reopen(ids),
  };
  const call = calls[intent];
  if (!call)
    return {
      intent,
      gapId,
      ok: false,
      message: requestT(context)('knowledge:errors.formOutdated'),
      fieldErrors: {},
      values: {},
    };
  const result = await runFormAction(form, call);
  return result.ok
    ? { intent, gapId, ok: true, message: null, fieldErrors: {}, values: {} }
    : { intent, gapId, ok: false, message: result.message, fieldErrors: result.fieldErrors, values: result.values };
}

const DONE: Record<string, string> = {
  answer: 'knowledge:gaps.done.answer',
  dismiss: 'knowledge:gaps.done.dismiss',
  resolve: 'knowledge:gaps.done.resolve',
  reopen: 'knowledge:gaps.done.reopen',
};

const EMPTY: Record<TGapStatus, string> = {
  open: 'knowledge:gaps.empty.open',
  resolved: 'knowledge:gaps.empty.resolved',
  dismissed: 'knowledge:gaps.empty.dismissed',
};

/**
 * The Gaps tab: questions the knowledge did not answer well, grouped by
 * similarity and ordered by how often they were asked; "Answer this" turns
 * one into an FAQ pair, indexed at once.
 */
export default function ChatbotGaps() {
  const { t } = useTranslation();
  const format = useFormat();
  const { gaps, counts, status } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { isAdmin } = useChatbotLayout();
  const doneKey = result?.ok ? DONE[result.intent] : undefined;
  const done = doneKey && navigation.state === 'idle' ? t(doneKey) : null;

  useEffect(() => {
    if (doneKey) toast.success(t(doneKey));
    // Once per answer of the action, not again when the language changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);

  return (
    <div className="space-y-6">
      <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">{t('knowledge:gaps.intro')}</p>
      {!isAdmin && <p className="text-sm text-slate-600 dark:text-slate-400">{t('knowledge:gaps.adminOnly')}</p>}

      <nav aria-label={t('knowledge:gaps.navLabel')}>
        <ul className="flex flex-wrap gap-2">
          {STATUSES.map((item) => (
            <li key={item.status}>
              <Link
                to={item.status === 'open' ? '.' : `?status=${item.status}`}
                aria-current={item.status === status ? 'page' : undefined}
                preventScrollReset
                className={`inline-flex items-center gap-1.5 rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${
                  item.status === status
                    ? 'bg-brand-600 text-white ring-brand-600 dark:bg-brand-400 dark:text-slate-950 dark:ring-brand-400'
                    : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800'
                }`}
              >
                {t(item.label)} <span className="tabular-nums">({format.number(counts[item.status])})</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <FormMessage tone="success" message={done} />

      {gaps.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          <p className="font-medium text-slate-800 dark:text-slate-200">{t(EMPTY[status])}</p>
          {status === 'open' && (
            <p className="mx-auto mt-2 max-w-xl">
              <Trans
                i18nKey="knowledge:gaps.empty.openHelp"
                components={{
                  // Not "link": Trans reads <link> as HTML's void element and would leave it empty.
                  tab: (
                    <Link
                      to="../test"
                      relative="path"
                      className="font-medium text-brand-700 underline dark:text-brand-300"
                    />
                  ),
                }}
              />
            </p>
          )}
        </div>
      ) : (
        <GapList gaps={gaps} isAdmin={isAdmin} result={result} />
      )}
    </div>
  );
}
