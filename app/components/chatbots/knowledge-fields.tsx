import { useActionData, useFetcher, type FetcherWithComponents } from '@remix-run/react';
import { useEffect, useId, useRef, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { FormMessage } from '~/components/form-fields';
import { buttonPrimary } from '~/lib/styles';
import type { TSourceActionResult } from './source-actions.server';

const textareaClass =
  'mt-1.5 block w-full rounded-md border-0 bg-white px-3 py-2 text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none aria-invalid:ring-red-500 dark:bg-slate-900 dark:text-white dark:ring-slate-700 dark:focus:ring-brand-400';

/** A labelled textarea with its errors under it, matching TextField. */
export function TextAreaField({
  label,
  name,
  errors,
  className,
  ...textarea
}: { label: string; name: string; errors?: string[] } & Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'name' | 'id'
>) {
  const id = useId();
  const hasErrors = !!errors?.length;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        aria-invalid={hasErrors || undefined}
        aria-describedby={hasErrors ? `${id}-errors` : undefined}
        className={textareaClass}
        {...textarea}
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

export type TSourceFetcher = FetcherWithComponents<TSourceActionResult>;

/** The fetcher's answer once it has one and is not busy with the next. */
export const settled = (fetcher: TSourceFetcher) => (fetcher.state === 'idle' ? fetcher.data : undefined);

/**
 * One knowledge form: its fetcher, its latest answer and a ref that empties
 * the form once it succeeds (a refused form keeps what was typed: its inputs
 * are never remounted). A submission made before the page's scripts loaded
 * is an ordinary POST whose answer arrives as the route's action data; it is
 * shown here too when it came from this form's intent.
 */
export function useSourceForm(intent: string) {
  const fetcher = useFetcher<TSourceActionResult>();
  const actionData = useActionData<TSourceActionResult>();
  const result =
    fetcher.state !== 'idle'
      ? undefined
      : (fetcher.data ?? (actionData && actionData.intent === intent ? actionData : undefined));
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.ok) formRef.current?.reset();
  }, [result]);
  return { fetcher, result, formRef };
}

/** The whole-form outcome: success as a polite status, a refusal as an alert, per-file problems listed. */
export function FetcherMessage({ result }: { result: TSourceActionResult | undefined }) {
  return (
    <div className="space-y-2">
      <FormMessage message={result?.message} />
      <FormMessage tone="success" message={result?.notice} />
      {result && result.problems.length > 0 && (
        <ul role="alert" className="space-y-1 text-sm text-red-700 dark:text-red-400">
          {result.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A submit button that says it is working while its fetcher is. */
export function FetcherSubmit({
  fetcher,
  children,
  pendingLabel,
  className = buttonPrimary,
}: {
  fetcher: TSourceFetcher;
  children: ReactNode;
  pendingLabel: string;
  className?: string;
}) {
  const busy = fetcher.state !== 'idle';
  return (
    <button type="submit" className={`${className} disabled:opacity-70`} disabled={busy} aria-disabled={busy}>
      {busy ? pendingLabel : children}
    </button>
  );
}
