import { Link, useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { Trans } from 'react-i18next';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';
import type { TAccountIntent } from './answers';

export const linkClass = 'font-medium text-brand-700 hover:underline dark:text-brand-300';

/** One card of the account settings page, named by its heading for screen readers. */
export function Section({
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
      className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800"
    >
      <h2 id={`${id}-heading`} className="text-lg font-semibold text-slate-900 dark:text-white">
        {title}
      </h2>
      {description && <div className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</div>}
      <div className="mt-5">{children}</div>
    </section>
  );
}

/** The submit button of one section: only the form being submitted says it is working. */
export function SectionButton({
  intent,
  children,
  pendingLabel,
  variant = 'primary',
}: {
  intent: TAccountIntent;
  children: ReactNode;
  pendingLabel: string;
  variant?: 'primary' | 'secondary';
}) {
  const navigation = useNavigation();
  const isPending = navigation.state === 'submitting' && navigation.formData?.get('intent') === intent;
  return (
    <button
      type="submit"
      className={`${variant === 'primary' ? buttonPrimary : buttonSecondary} disabled:opacity-70`}
      disabled={isPending}
      aria-disabled={isPending}
    >
      {isPending ? pendingLabel : children}
    </button>
  );
}

/** Shown instead of the e-mail and password forms to someone who signs in with GitHub or Google only. */
export function NoPasswordNote() {
  return (
    <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200 dark:bg-slate-800/60 dark:text-slate-300 dark:ring-slate-700">
      <Trans i18nKey="settings:noPassword" components={{ go: <Link to="/forgot-password" className={linkClass} /> }} />
    </p>
  );
}
