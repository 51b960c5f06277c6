import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { RetrievalTester, TEST_PAGE_TITLE } from '~/components/chatbots/retrieval-tester';
import { runFormAction } from '~/lib/forms.server';
import { metaT, pageTitle } from '~/lib/meta';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((match) => match.id === 'routes/app.chatbots.$chatbotId')?.data as
    { chatbot?: { name?: string } } | undefined;
  const name = layout?.chatbot?.name ?? metaT(matches, 'knowledge:meta.chatbot');
  return [{ title: pageTitle(matches, TEST_PAGE_TITLE, { name }) }];
};

/**
 * The question lives in the URL (`?q=`), so a result can be linked to and
 * the back button steps through earlier questions.
 */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const query = new URL(request.url).searchParams.get('q')?.trim() ?? '';
  if (!query) return { query, search: null };
  // A refused question (too long, say) is shown by its field, not as an error page.
  const result = await runFormAction(new FormData(), () =>
    context.trpc.knowledge.source.search({ workspaceId: workspace.id, chatbotId: params.chatbotId ?? '', query }),
  );
  return {
    query,
    search: result.ok
      ? { ok: true as const, passages: result.data.passages }
      : { ok: false as const, message: result.fieldErrors.query?.[0] ?? result.message },
  };
}

export default function ChatbotTest() {
  const { query, search } = useLoaderData<typeof loader>();
  return <RetrievalTester query={query} search={search} />;
}
