import type { LoaderFunctionArgs } from '@remix-run/node';
import type { MetaFunction } from '@remix-run/react';
import { Link, useLoaderData } from '@remix-run/react';
import ReactMarkdown, { type Components } from 'react-markdown';
import { Trans, useTranslation } from 'react-i18next';
import remarkGfm from 'remark-gfm';
import { CopyButton } from '~/components/copy-button';
import { pageTitle } from '~/lib/meta';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'developers:meta.apiDocs') }];

/** The address this page was reached at and the current workspace, so the example runs as pasted. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  return { origin: new URL(request.url).origin, workspaceId: workspace.id };
}

/** Where non-TypeScript callers start: the OpenAPI document and one REST call they can paste. */
function RestQuickstart({ origin, workspaceId }: { origin: string; workspaceId: string }) {
  const { t } = useTranslation();
  const curl = `curl -s ${origin}/api/v1/workspaces/${workspaceId}/chatbots \\\n  -H "Authorization: Bearer $PARLEY_API_KEY"`;
  return (
    <section
      aria-labelledby="rest-quickstart"
      className="mt-6 space-y-3 rounded-lg p-4 ring-1 ring-slate-200 dark:ring-slate-700"
    >
      <h2 id="rest-quickstart" className="text-base font-semibold text-slate-900 dark:text-white">
        {t('developers:apiDocs.rest.heading')}
      </h2>
      <p className="text-sm leading-6 text-slate-700 dark:text-slate-300">
        <Trans
          i18nKey="developers:apiDocs.rest.body"
          components={{
            code: <code className="font-mono text-[0.85em]" />,
            go: <a href="/api/openapi.json" className="font-medium text-brand-700 underline dark:text-brand-300" />,
          }}
        />
      </p>
      <div className="flex items-start gap-2 rounded-md bg-slate-900 px-3 py-2">
        <pre
          tabIndex={0}
          className="min-w-0 flex-1 overflow-x-auto font-mono text-xs leading-5 text-slate-100"
          data-testid="rest-curl"
        >
          {curl}
        </pre>
        <CopyButton text={curl} label={t('developers:apiDocs.rest.copy')} />
      </div>
    </section>
  );
}

/**
 * docs/api.md in the reader's language: one text per section (the title and
 * its opening paragraph, then each `## ` section), code samples as they are.
 * The English texts are docs/api.md itself, section by section
 * (app/components/developers/api-reference.test.ts holds them together).
 */
const INTRO = 'developers:apiDocs.reference.intro';
const SECTIONS = [
  'developers:apiDocs.reference.authentication',
  'developers:apiDocs.reference.scopes',
  'developers:apiDocs.reference.typedClient',
  'developers:apiDocs.reference.procedures',
  'developers:apiDocs.reference.streaming',
  'developers:apiDocs.reference.idempotency',
  'developers:apiDocs.reference.pagination',
  'developers:apiDocs.reference.errors',
  'developers:apiDocs.reference.limits',
  'developers:apiDocs.reference.rest',
  'developers:apiDocs.reference.webhooks',
] as const;

/** Links into the repository point at files a reader of the web app does not have; they are shown as plain text. */
const components: Components = {
  h1: ({ children }) => (
    <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{children}</h1>
  ),
  h2: ({ children }) => <h2 className="mt-10 text-lg font-semibold text-slate-900 dark:text-white">{children}</h2>,
  p: ({ children }) => <p className="mt-3 text-sm leading-6 text-slate-700 dark:text-slate-300">{children}</p>,
  ul: ({ children }) => (
    <ul className="mt-3 list-disc space-y-1.5 pl-5 text-sm leading-6 text-slate-700 dark:text-slate-300">{children}</ul>
  ),
  a: ({ href, children }) =>
    href?.startsWith('http') ? (
      <a href={href} className="underline" target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span className="font-medium">{children}</span>
    ),
  pre: ({ children }) => (
    // Focusable, so a keyboard can scroll a long line into view.
    <pre tabIndex={0} className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-4 text-xs leading-5 text-slate-100">
      {children}
    </pre>
  ),
  code: ({ children, className }) =>
    className ? (
      <code>{children}</code>
    ) : (
      <code className="rounded bg-slate-100 px-1 font-mono text-[0.85em] text-slate-800 dark:bg-slate-800 dark:text-slate-100">
        {children}
      </code>
    ),
  table: ({ children }) => (
    // Focusable, so a keyboard can scroll a wide table.
    <div tabIndex={0} className="mt-3 overflow-x-auto">
      <table className="w-full text-left text-sm text-slate-700 dark:text-slate-300">{children}</table>
    </div>
  ),
  th: ({ children }) => (
    <th className="border-b border-slate-200 py-2 pr-4 font-semibold text-slate-900 dark:border-slate-700 dark:text-white">
      {children}
    </th>
  ),
  td: ({ children }) => (
    <td className="border-b border-slate-100 py-2 pr-4 align-top text-slate-700 dark:border-slate-800 dark:text-slate-300">
      {children}
    </td>
  ),
};

export default function ApiDocs() {
  const { origin, workspaceId } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  // The title and its opening paragraph, then the REST quick start, then the rest of the reference.
  const intro = t(INTRO);
  const reference = SECTIONS.map((key) => t(key)).join('\n\n');
  return (
    <article className="max-w-3xl pb-16">
      <p className="mb-4 text-sm">
        <Link to="/app/api-keys" className="font-medium text-brand-700 underline dark:text-brand-300">
          {t('developers:apiDocs.back')}
        </Link>
      </p>
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components}>
        {intro}
      </ReactMarkdown>
      <RestQuickstart origin={origin} workspaceId={workspaceId} />
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components}>
        {reference}
      </ReactMarkdown>
    </article>
  );
}
