import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect } from 'react';
import { toast } from 'sonner';
import { GapList, type TGapActionResult, type TGapStatus } from '~/components/chatbots/gap-list';
import { useChatbotLayout } from '~/components/chatbots/use-chatbot-layout';
import { FormMessage } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((match) => match.id === 'routes/app.chatbots.$chatbotId')?.data as
    { chatbot?: { name?: string } } | undefined;
  return [{ title: `Gaps · ${layout?.chatbot?.name ?? 'Chatbot'} · Parley` }];
};

const STATUSES: { status: TGapStatus; label: string }[] = [
  { status: 'open', label: 'Open' },
  { status: 'resolved', label: 'Answered' },
  { status: 'dismissed', label: 'Dismissed' },
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
      message: 'That form is out of date; reload the page and try again.',
      fieldErrors: {},
      values: {},
    };
  const result = await runFormAction(form, call);
  return result.ok
    ? { intent, gapId, ok: true, message: null, fieldErrors: {}, values: {} }
    : { intent, gapId, ok: false, message: result.message, fieldErrors: result.fieldErrors, values: result.values };
}

const DONE: Record<string, string> = {
  answer: 'Answered. The FAQ pair is being indexed, and the chatbot uses it as soon as it is ready.',
  dismiss: 'Dismissed. You find it under Dismissed.',
  resolve: 'Marked resolved: the knowledge now answers it. You find it under Resolved.',
  reopen: 'Reopened.',
};

const EMPTY: Record<TGapStatus, string> = {
  open: 'No open gaps. Nothing visitors asked has been left unanswered so far.',
  resolved: 'No answered gaps yet. Answer an open gap and it moves here.',
  dismissed: 'No dismissed gaps.',
};

/**
 * The Gaps tab: questions the knowledge did not answer well, grouped by
 * similarity and ordered by how often they were asked; "Answer this" turns
 * one into an FAQ pair, indexed at once.
 */
export default function ChatbotGaps() {
  const { gaps, counts, status } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { isAdmin } = useChatbotLayout();
  const done = result?.ok && navigation.state === 'idle' ? DONE[result.intent] : null;

  useEffect(() => {
    if (result?.ok && DONE[result.intent]) toast.success(DONE[result.intent]);
  }, [result]);

  return (
    <div className="space-y-6">
      <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">
        Gaps are questions this chatbot answered with low confidence, found nothing for, or that visitors marked
        unhelpful. Similar questions are grouped, so the most asked come first. Answering one adds an FAQ pair that the
        chatbot uses as soon as it is indexed.
      </p>
      {!isAdmin && (
        <p className="text-sm text-slate-600 dark:text-slate-400">Only admins can answer or dismiss gaps.</p>
      )}

      <nav aria-label="Gaps by status">
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
                {item.label} <span className="tabular-nums">({counts[item.status]})</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <FormMessage tone="success" message={done} />

      {gaps.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          <p className="font-medium text-slate-800 dark:text-slate-200">{EMPTY[status]}</p>
          {status === 'open' && (
            <p className="mx-auto mt-2 max-w-xl">
              A gap appears here when the chatbot answers a question with low confidence or finds nothing in its
              knowledge, or when a visitor marks an answer unhelpful. To see what it finds for a question, try it on the{' '}
              <Link to="../test" relative="path" className="font-medium text-brand-700 underline dark:text-brand-300">
                Test
              </Link>{' '}
              tab.
            </p>
          )}
        </div>
      ) : (
        <GapList gaps={gaps} isAdmin={isAdmin} result={result} />
      )}
    </div>
  );
}
