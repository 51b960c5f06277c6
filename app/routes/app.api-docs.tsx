import type { MetaFunction } from '@remix-run/react';
import { Link } from '@remix-run/react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import apiDocs from '../../docs/api.md?raw';

export const meta: MetaFunction = () => [{ title: 'API reference · Parley' }];

/**
 * docs/api.md itself, so the reference in the web app and the one in the
 * repository are one text. Links into the repository point at files a
 * reader of the web app does not have; they are shown as plain text.
 */
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
      <code className="rounded bg-slate-100 px-1 font-mono text-[0.85em] dark:bg-slate-800">{children}</code>
    ),
  table: ({ children }) => (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full text-left text-sm text-slate-700 dark:text-slate-300">{children}</table>
    </div>
  ),
  th: ({ children }) => (
    <th className="border-b border-slate-200 py-2 pr-4 font-semibold dark:border-slate-700">{children}</th>
  ),
  td: ({ children }) => (
    <td className="border-b border-slate-100 py-2 pr-4 align-top dark:border-slate-800">{children}</td>
  ),
};

export default function ApiDocs() {
  return (
    <article className="max-w-3xl pb-16">
      <p className="mb-4 text-sm">
        <Link to="/app/api-keys" className="font-medium text-brand-700 underline dark:text-brand-300">
          ← API keys
        </Link>
      </p>
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components}>
        {apiDocs}
      </ReactMarkdown>
    </article>
  );
}
