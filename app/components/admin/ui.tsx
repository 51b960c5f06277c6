import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '~/lib/format';

/** Small building blocks the admin pages share: headings, cards, tables, badges, figures. */
export const inputClass =
  'rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600 dark:bg-slate-900 dark:text-white dark:ring-slate-700';

export const smallButton =
  'inline-flex items-center rounded-md bg-white px-2.5 py-1.5 text-xs font-semibold text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:opacity-50 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800';

export const dangerButton =
  'inline-flex items-center rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-50';

export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{children}</h1>
      {actions}
    </div>
  );
}

export function Card({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <section className="rounded-lg bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
      {title && <h2 className="mb-3 text-base font-semibold text-slate-900 dark:text-white">{title}</h2>}
      {children}
    </section>
  );
}

export function Table({ head, children, label }: { head: ReactNode[]; children: ReactNode; label: string }) {
  return (
    <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200 dark:ring-slate-800">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label={label}>
        <thead className="bg-slate-50 text-left text-slate-600 dark:bg-slate-900 dark:text-slate-300">
          <tr>
            {head.map((cell, index) => (
              <th key={index} scope="col" className="px-3 py-2 font-medium">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white text-slate-800 dark:divide-slate-800 dark:bg-slate-950 dark:text-slate-200">
          {children}
        </tbody>
      </table>
    </div>
  );
}

export const Cell = ({ children, className = '' }: { children?: ReactNode; className?: string }) => (
  <td className={`px-3 py-2 align-top ${className}`}>{children}</td>
);

export function Badge({
  tone,
  children,
}: {
  tone: 'red' | 'amber' | 'green' | 'slate' | 'brand';
  children: ReactNode;
}) {
  const tones = {
    red: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
    amber: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
    green: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200',
    slate: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200',
    brand: 'bg-brand-50 text-brand-800 dark:bg-slate-800 dark:text-brand-300',
  };
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${tones[tone]}`}>{children}</span>;
}

export function Figure({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
      <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums dark:text-white">{value}</dd>
    </div>
  );
}

/** A member's role in a workspace, and a chatbot's status, as the admin pages word them. */
export const ROLES = { owner: 'admin:roles.owner', admin: 'admin:roles.admin', agent: 'admin:roles.agent' } as const;
export const CHATBOT_STATUSES = {
  draft: 'admin:chatbotStatus.draft',
  live: 'admin:chatbotStatus.live',
  paused: 'admin:chatbotStatus.paused',
} as const;

const BYTE_UNITS = [
  'admin:size.bytes',
  'admin:size.kilobytes',
  'admin:size.megabytes',
  'admin:size.gigabytes',
  'admin:size.terabytes',
] as const;

/** Dates and sizes as the admin pages show them, in the page's language. */
export function useAdminFormat() {
  const { t } = useTranslation();
  const format = useFormat();
  return {
    ...format,
    /** "5 Dec 2026, 14:03", or a dash for none. */
    dateTime: (value: Date | string | null | undefined) => (value ? format.dateAndTime(value) : '—'),
    /** "1.5 MB": one decimal below 10 (above bytes), none from there. */
    bytes: (bytes: number) => {
      let value = bytes;
      let unit = 0;
      while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
        value /= 1024;
        unit += 1;
      }
      const digits = value < 10 && unit > 0 ? 1 : 0;
      return t(BYTE_UNITS[unit]!, {
        value: format.number(value, { minimumFractionDigits: digits, maximumFractionDigits: digits }),
      });
    },
  };
}

/** A search box that submits as a GET, so a search is a link one can share or reload. */
export function SearchForm({ label, defaultValue }: { label: string; defaultValue: string }) {
  const { t } = useTranslation();
  return (
    <form method="get" role="search" className="flex gap-2">
      <label className="sr-only" htmlFor="admin-search">
        {label}
      </label>
      <input
        id="admin-search"
        name="q"
        type="search"
        defaultValue={defaultValue}
        placeholder={label}
        className={`${inputClass} w-72`}
      />
      <button type="submit" className={smallButton}>
        {t('common:actions.search')}
      </button>
    </form>
  );
}
