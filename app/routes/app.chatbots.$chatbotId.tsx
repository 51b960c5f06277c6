import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { LiveSources } from '~/components/chatbots/live-sources';
import { StatusBadge } from '~/components/chatbots/status-badge';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { hasRole } from '~/lib/roles';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.chatbot.name ?? 'Chatbot'} · Parley` },
];

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const workspaceId = workspace.id;
  const chatbotId = params.chatbotId ?? '';
  const query = new URL(request.url).searchParams.get('q')?.trim() ?? '';
  const [chatbot, sources, search] = await Promise.all([
    orHttpError(request, context.trpc.chatbot.get({ workspaceId, chatbotId })),
    orHttpError(request, context.trpc.source.list({ workspaceId, chatbotId })),
    query ? searchOrError(context, { workspaceId, chatbotId, query }) : Promise.resolve(null),
  ]);
  return {
    workspaceId,
    chatbot: { id: chatbot.id, name: chatbot.name, status: chatbot.status },
    sources,
    query,
    search,
    isAdmin: hasRole(workspace.role, 'admin'),
  };
}

/** The retrieval tester: a refused question (too long, say) is shown by its field, not as an error page. */
async function searchOrError(
  context: LoaderFunctionArgs['context'],
  input: { workspaceId: string; chatbotId: string; query: string },
) {
  const result = await runFormAction(new FormData(), () => context.trpc.source.search(input));
  if (result.ok) return { ok: true as const, passages: result.data.passages };
  return { ok: false as const, message: result.fieldErrors.query?.[0] ?? result.message };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const workspace = await requireCurrentWorkspace(context, request);
  const workspaceId = workspace.id;
  const chatbotId = params.chatbotId ?? '';
  const field = (name: string) => String(form.get(name) ?? '');
  const intent = field('intent');
  const result = await runFormAction(form, async () => {
    if (intent === 'addText') {
      return context.trpc.source.createText({
        workspaceId,
        chatbotId,
        title: field('title'),
        content: field('content'),
      });
    }
    if (intent === 'addFaq') {
      return context.trpc.source.createFaq({
        workspaceId,
        chatbotId,
        question: field('question'),
        answer: field('answer'),
      });
    }
    if (intent === 'delete') return context.trpc.source.delete({ workspaceId, sourceId: field('sourceId') });
    if (intent === 'retry') return context.trpc.source.retry({ workspaceId, sourceId: field('sourceId') });
    throw new Error(`Unknown intent ${intent}`);
  });
  return { ...(result.ok ? { ok: true as const } : result), intent };
}

const KIND_LABELS: Record<string, string> = {
  text: 'Text',
  faq: 'FAQ',
  file: 'File',
  url: 'Web page',
  sitemap: 'Sitemap',
};

const textareaClass =
  'mt-1.5 block w-full rounded-md border-0 bg-white px-3 py-2 text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none aria-invalid:ring-red-500 dark:bg-slate-900 dark:text-white dark:ring-slate-700 dark:focus:ring-brand-400';

/** A labelled textarea with its errors under it, matching TextField. */
function TextAreaField({
  id,
  label,
  name,
  rows,
  defaultValue,
  errors,
}: {
  id: string;
  label: string;
  name: string;
  rows: number;
  defaultValue?: string;
  errors?: string[];
}) {
  const hasErrors = !!errors?.length;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        required
        defaultValue={defaultValue}
        aria-invalid={hasErrors || undefined}
        aria-describedby={hasErrors ? `${id}-errors` : undefined}
        className={textareaClass}
      />
      {hasErrors && (
        <ul id={`${id}-errors`} className="mt-1.5 space-y-0.5 text-sm text-red-700 dark:text-red-400">
          {[...new Set(errors)].map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

const formatScore = (score: number | null) => (score === null ? '—' : score.toFixed(3));

export default function ChatbotDetail() {
  const { workspaceId, chatbot, sources, query, search, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const failure = result && !result.ok ? result : null;
  const failed = (intent: string) => (failure?.intent === intent ? failure : null);
  const added = result?.ok && (result.intent === 'addText' || result.intent === 'addFaq');
  const isSearching = navigation.state === 'loading' && navigation.location.search.includes('q=');
  return (
    <div className="space-y-10">
      <LiveSources workspaceId={workspaceId} chatbotId={chatbot.id} />
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{chatbot.name}</h1>
        <StatusBadge status={chatbot.status} />
      </div>

      <section aria-labelledby="knowledge-heading" className="space-y-6">
        <div>
          <h2 id="knowledge-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
            Knowledge
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            What the chatbot answers from. Each source is split into passages and indexed; its status updates here as it
            happens.
          </p>
        </div>

        {isAdmin && (
          <div className="grid gap-8 lg:grid-cols-2">
            <Form method="post" className="space-y-4" noValidate aria-labelledby="add-text-heading">
              <h3 id="add-text-heading" className="text-sm font-semibold text-slate-700 dark:text-slate-300">
                Add pasted text
              </h3>
              <input type="hidden" name="intent" value="addText" />
              <FormMessage message={failed('addText')?.message} />
              <TextField
                label="Title"
                name="title"
                required
                maxLength={200}
                key={added ? `title-${sources.length}` : 'title'}
                defaultValue={failed('addText')?.values.title}
                errors={failed('addText')?.fieldErrors.title}
              />
              <TextAreaField
                id="source-content"
                label="Text or Markdown"
                name="content"
                rows={6}
                key={added ? `content-${sources.length}` : 'content'}
                defaultValue={failed('addText')?.values.content}
                errors={failed('addText')?.fieldErrors.content}
              />
              <SubmitButton pendingLabel="Adding…">Add text</SubmitButton>
            </Form>
            <Form method="post" className="space-y-4" noValidate aria-labelledby="add-faq-heading">
              <h3 id="add-faq-heading" className="text-sm font-semibold text-slate-700 dark:text-slate-300">
                Add an FAQ pair
              </h3>
              <input type="hidden" name="intent" value="addFaq" />
              <FormMessage message={failed('addFaq')?.message} />
              <TextField
                label="Question"
                name="question"
                required
                key={added ? `question-${sources.length}` : 'question'}
                defaultValue={failed('addFaq')?.values.question}
                errors={failed('addFaq')?.fieldErrors.question}
              />
              <TextAreaField
                id="faq-answer"
                label="Answer"
                name="answer"
                rows={6}
                key={added ? `answer-${sources.length}` : 'answer'}
                defaultValue={failed('addFaq')?.values.answer}
                errors={failed('addFaq')?.fieldErrors.answer}
              />
              <SubmitButton pendingLabel="Adding…">Add FAQ pair</SubmitButton>
            </Form>
          </div>
        )}

        <div>
          <h3 className="text-sm font-semibold text-slate-700 dark:text-slate-300">Sources</h3>
          <FormMessage
            message={failure && (failure.intent === 'delete' || failure.intent === 'retry') ? failure.message : null}
          />
          {sources.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No sources yet.</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200 dark:divide-slate-800 dark:bg-slate-900 dark:ring-slate-800">
              {sources.map((source) => (
                <li key={source.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900 dark:text-white">
                      <span className="text-xs font-normal tracking-wide text-slate-500 uppercase dark:text-slate-400">
                        {KIND_LABELS[source.kind] ?? source.kind}
                      </span>
                      <span className="break-words">{source.title}</span>
                      <StatusBadge status={source.status} />
                    </p>
                    <p className="text-sm text-slate-600 dark:text-slate-400">
                      {source.chunkCount} {source.chunkCount === 1 ? 'passage' : 'passages'}
                    </p>
                    {source.status === 'failed' && source.error && (
                      <p className="mt-1 text-sm text-red-700 dark:text-red-400">{source.error}</p>
                    )}
                  </div>
                  {isAdmin && (
                    <div className="flex shrink-0 items-center gap-2">
                      {source.status === 'failed' && (
                        <Form method="post">
                          <input type="hidden" name="intent" value="retry" />
                          <input type="hidden" name="sourceId" value={source.id} />
                          <button type="submit" className={buttonSecondary}>
                            Retry <span className="sr-only">{source.title}</span>
                          </button>
                        </Form>
                      )}
                      <Form method="post">
                        <input type="hidden" name="intent" value="delete" />
                        <input type="hidden" name="sourceId" value={source.id} />
                        <button type="submit" className={`${buttonSecondary} text-red-700 dark:text-red-400`}>
                          Delete <span className="sr-only">{source.title}</span>
                        </button>
                      </Form>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>

      <section aria-labelledby="retrieval-heading" className="space-y-4">
        <div>
          <h2 id="retrieval-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
            Try retrieval
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Ask a question to see the passages an answer would be built from, with their scores.
          </p>
        </div>
        <Form method="get" className="flex flex-col gap-3 sm:flex-row sm:items-start" preventScrollReset>
          <TextField
            label="Question to test"
            name="q"
            type="search"
            className="flex-1"
            defaultValue={query}
            key={query}
            errors={search && !search.ok ? [search.message] : undefined}
          />
          <button type="submit" className={`${buttonPrimary} sm:mt-6.5`} disabled={isSearching}>
            {isSearching ? 'Searching…' : 'Search'}
          </button>
        </Form>
        {search?.ok &&
          (search.passages.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No passages matched.</p>
          ) : (
            <ol className="space-y-3" aria-label="Retrieved passages">
              {search.passages.map((passage, index) => (
                <li
                  key={passage.chunkId}
                  className="rounded-lg bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
                >
                  <div className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between">
                    <p className="font-medium text-slate-900 dark:text-white">
                      {index + 1}. {passage.sourceTitle}
                      {passage.headingPath && (
                        <span className="font-normal text-slate-600 dark:text-slate-400"> · {passage.headingPath}</span>
                      )}
                    </p>
                    <p className="font-mono text-xs text-slate-600 dark:text-slate-400">
                      rrf {passage.rrfScore.toFixed(4)} · vector {formatScore(passage.vectorScore)} · text{' '}
                      {formatScore(passage.textScore)}
                    </p>
                  </div>
                  <p className="mt-2 text-sm whitespace-pre-line text-slate-700 dark:text-slate-300">
                    {passage.content}
                  </p>
                </li>
              ))}
            </ol>
          ))}
      </section>
    </div>
  );
}
