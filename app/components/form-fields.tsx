import { useNavigation } from '@remix-run/react';
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { buttonDanger, buttonPrimary } from '~/lib/styles';

type TextFieldProps = {
  label: string;
  name: string;
  errors?: string[];
  /** Help shown under the field, linked with aria-describedby. */
  description?: ReactNode;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>;

/** A labelled input whose errors sit right under it and are tied to it for screen readers. */
export function TextField({ label, name, errors, description, className, ...input }: TextFieldProps) {
  const id = useId();
  const hasErrors = !!errors?.length;
  const describedBy = [description ? `${id}-description` : null, hasErrors ? `${id}-errors` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={hasErrors || undefined}
        aria-describedby={describedBy || undefined}
        className="mt-1.5 block w-full rounded-md border-0 bg-white px-3 py-2 text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none aria-invalid:ring-red-500 dark:bg-slate-900 dark:text-white dark:ring-slate-700 dark:focus:ring-brand-400"
        {...input}
      />
      {description && (
        <div id={`${id}-description`} className="mt-1.5 text-sm text-slate-600 dark:text-slate-400">
          {description}
        </div>
      )}
      {hasErrors && (
        <ul id={`${id}-errors`} className="mt-1.5 space-y-0.5 text-sm text-red-700 dark:text-red-400">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The form-wide message; role="alert" announces it when it appears. */
export function FormMessage({ message, tone = 'error' }: { message?: string | null; tone?: 'error' | 'success' }) {
  return (
    // Always present so screen readers hear what appears in it; while empty it takes no room in a spaced stack.
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      aria-live={tone === 'error' ? 'assertive' : 'polite'}
      className="empty:my-0"
    >
      {message && (
        <p
          className={
            tone === 'error'
              ? 'rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900'
              : 'rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200 dark:bg-emerald-950/50 dark:text-emerald-200 dark:ring-emerald-900'
          }
        >
          {message}
        </p>
      )}
    </div>
  );
}

/** A submit button that says it is working while its form is submitting. */
export function SubmitButton({
  children,
  pendingLabel,
  tone = 'primary',
}: {
  children: ReactNode;
  pendingLabel: string;
  /** `danger` for what cannot be undone. */
  tone?: 'primary' | 'danger';
}) {
  const navigation = useNavigation();
  const isPending = navigation.state === 'submitting';
  return (
    <button
      type="submit"
      className={`${tone === 'danger' ? buttonDanger : buttonPrimary} w-full disabled:opacity-70`}
      disabled={isPending}
      aria-disabled={isPending}
    >
      {isPending ? pendingLabel : children}
    </button>
  );
}
