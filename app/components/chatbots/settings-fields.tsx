import { useId, useRef, useState, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { buttonSecondary } from '~/lib/styles';

const inputBase =
  'block w-full rounded-md border-0 bg-white px-3 py-2 text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none aria-invalid:ring-red-500 disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-600 dark:bg-slate-900 dark:text-white dark:ring-slate-700 dark:focus:ring-brand-400 dark:disabled:bg-slate-900/60 dark:disabled:text-slate-400';

export const inputClass = `mt-1.5 ${inputBase}`;

const labelClass = 'block text-sm font-medium text-slate-800 dark:text-slate-200';
const descriptionClass = 'mt-1.5 text-sm text-slate-600 dark:text-slate-400';

/** The ids a field's help and errors hang on, so screen readers read them with it. */
function useDescribedBy(description: ReactNode, errors?: string[]) {
  const id = useId();
  const hasErrors = !!errors?.length;
  const describedBy = [description ? `${id}-description` : null, hasErrors ? `${id}-errors` : null]
    .filter(Boolean)
    .join(' ');
  return { id, hasErrors, describedBy: describedBy || undefined };
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1.5 space-y-0.5 text-sm text-red-700 dark:text-red-400">
      {[...new Set(errors)].map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}

type FieldProps = { label: string; name: string; errors?: string[]; description?: ReactNode };

export function TextArea({
  label,
  name,
  errors,
  description,
  className,
  ...textarea
}: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id'>) {
  const { id, hasErrors, describedBy } = useDescribedBy(description, errors);
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        aria-invalid={hasErrors || undefined}
        aria-describedby={describedBy}
        className={inputClass}
        {...textarea}
      />
      {description && (
        <div id={`${id}-description`} className={descriptionClass}>
          {description}
        </div>
      )}
      <FieldErrors id={`${id}-errors`} errors={errors} />
    </div>
  );
}

export function Select({
  label,
  name,
  errors,
  description,
  className,
  options,
  ...select
}: FieldProps & {
  options: readonly { value: string; label: string }[];
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id'>) {
  const { id, hasErrors, describedBy } = useDescribedBy(description, errors);
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        aria-invalid={hasErrors || undefined}
        aria-describedby={describedBy}
        className={`${inputClass} pr-8`}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {description && (
        <div id={`${id}-description`} className={descriptionClass}>
          {description}
        </div>
      )}
      <FieldErrors id={`${id}-errors`} errors={errors} />
    </div>
  );
}

/** Radio buttons with a legend; each choice may carry a line of help. */
export function RadioGroup({
  legend,
  name,
  options,
  value,
  onChange,
  errors,
  disabled,
}: {
  legend: string;
  name: string;
  options: readonly { value: string; label: string; hint?: string }[];
  value: string;
  onChange?: (value: string) => void;
  errors?: string[];
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <fieldset aria-describedby={errors?.length ? `${id}-errors` : undefined} disabled={disabled}>
      <legend className={labelClass}>{legend}</legend>
      <div className="mt-2 space-y-2">
        {options.map((option) => (
          <label key={option.value} className="flex cursor-pointer items-start gap-2.5 text-sm">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange?.(option.value)}
              className="mt-0.5 size-4 accent-brand-600"
            />
            <span>
              <span className="font-medium text-slate-800 dark:text-slate-200">{option.label}</span>
              {option.hint && <span className="block text-slate-600 dark:text-slate-400">{option.hint}</span>}
            </span>
          </label>
        ))}
      </div>
      <FieldErrors id={`${id}-errors`} errors={errors} />
    </fieldset>
  );
}

/** A titled group of related fields: heading and help on the left on wide screens, fields on the right. */
export function SettingsSection({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="grid gap-4 border-t border-slate-200 pt-8 first:border-t-0 first:pt-0 md:grid-cols-3 md:gap-8 dark:border-slate-800"
    >
      <div>
        <h2 id={`${id}-heading`} className="text-base font-semibold text-slate-900 dark:text-white">
          {title}
        </h2>
        {description && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>}
      </div>
      <div className="space-y-5 md:col-span-2">{children}</div>
    </section>
  );
}

/**
 * An editable list of single-line entries (suggested questions, websites),
 * each its own input under one name so the form posts them in order; errors
 * come per row (`errorsAt(index)`) and for the list as a whole.
 */
export function ListField({
  legend,
  name,
  initial,
  addLabel,
  removeLabel,
  placeholder,
  description,
  errors,
  errorsAt,
  max,
  maxLength,
  disabled,
  inputMode,
}: {
  legend: string;
  name: string;
  initial: readonly string[];
  addLabel: string;
  /** For the screen-reader name of each row's remove button, e.g. "Remove question". */
  removeLabel: string;
  placeholder?: string;
  description?: ReactNode;
  errors?: string[];
  errorsAt: (index: number) => string[] | undefined;
  max: number;
  maxLength?: number;
  disabled?: boolean;
  inputMode?: 'url' | 'text';
}) {
  const { t } = useTranslation();
  const id = useId();
  // Stable keys, so removing a row keeps the others' typed text and focus where it was.
  const nextKey = useRef(0);
  const keyed = (value: string) => ({ key: nextKey.current++, value });
  const [rows, setRows] = useState(() => initial.map(keyed));
  const listRef = useRef<HTMLUListElement>(null);

  const add = () => {
    setRows((current) => [...current, keyed('')]);
    // Focus the new row once it is rendered.
    requestAnimationFrame(() => {
      const inputs = listRef.current?.querySelectorAll('input');
      inputs?.[inputs.length - 1]?.focus();
    });
  };

  return (
    <fieldset aria-describedby={description ? `${id}-description` : undefined} disabled={disabled}>
      <legend className={labelClass}>{legend}</legend>
      {description && (
        <p id={`${id}-description`} className={descriptionClass}>
          {description}
        </p>
      )}
      <ul ref={listRef} className="mt-2 space-y-2">
        {rows.map((row, index) => {
          const rowErrors = errorsAt(index);
          const errorId = `${id}-row-${row.key}-errors`;
          return (
            <li key={row.key}>
              <div className="flex items-start gap-2">
                <input
                  type="text"
                  name={name}
                  defaultValue={row.value}
                  placeholder={placeholder}
                  maxLength={maxLength}
                  inputMode={inputMode}
                  aria-label={t('chatbots:lists.row', { legend, number: index + 1 })}
                  aria-invalid={rowErrors?.length ? true : undefined}
                  aria-describedby={rowErrors?.length ? errorId : undefined}
                  className={inputBase}
                />
                {!disabled && (
                  <button
                    type="button"
                    onClick={() => setRows((current) => current.filter((r) => r.key !== row.key))}
                    className="shrink-0 rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white"
                  >
                    <span className="sr-only">
                      {t('chatbots:lists.removeRow', { label: removeLabel, number: index + 1 })}
                    </span>
                    <svg
                      viewBox="0 0 20 20"
                      fill="none"
                      stroke="currentColor"
                      strokeWidth="1.8"
                      aria-hidden="true"
                      className="size-5"
                    >
                      <path d="m5 5 10 10M15 5 5 15" strokeLinecap="round" />
                    </svg>
                  </button>
                )}
              </div>
              <FieldErrors id={errorId} errors={rowErrors} />
            </li>
          );
        })}
      </ul>
      {rows.length === 0 && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t('chatbots:lists.noneYet')}</p>
      )}
      {!disabled && rows.length < max && (
        <button type="button" onClick={add} className={`${buttonSecondary} mt-3 px-3 py-1.5`}>
          {addLabel}
        </button>
      )}
      <FieldErrors id={`${id}-errors`} errors={errors} />
    </fieldset>
  );
}
