import { useFetcher } from '@remix-run/react';
import { Trans, useTranslation } from 'react-i18next';
import { FormMessage } from '~/components/form-fields';
import { buttonSecondary } from '~/lib/styles';
import type { action as settingsAction } from '~/routes/settings';

/** Shared so a resend from the banner and from the settings page show the same pending state. */
export const RESEND_FETCHER_KEY = 'resend-verification';

/**
 * "Confirm your e-mail" with a resend button. It posts to the settings
 * action through a fetcher, so the page the person is on stays put and the
 * answer (sent, or a rate-limit sentence) appears right here.
 */
export function VerifyEmailBanner({ email }: { email: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof settingsAction>({ key: RESEND_FETCHER_KEY });
  const result = fetcher.data && fetcher.data.intent === 'resend' ? fetcher.data : null;
  const isPending = fetcher.state !== 'idle';
  return (
    <section
      aria-labelledby="verify-email-banner-heading"
      className="rounded-lg bg-amber-50 p-4 ring-1 ring-amber-200 dark:bg-amber-950/40 dark:ring-amber-900"
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-amber-900 dark:text-amber-100">
          <Trans
            i18nKey="auth:verifyBanner.text"
            values={{ email }}
            components={{
              strong: <strong id="verify-email-banner-heading" className="font-semibold" />,
              email: <span className="font-medium break-all" />,
            }}
          />
        </p>
        <fetcher.Form method="post" action="/settings" className="shrink-0">
          <input type="hidden" name="intent" value="resend" />
          <button type="submit" className={`${buttonSecondary} py-2`} disabled={isPending} aria-disabled={isPending}>
            {isPending ? t('common:actions.sending') : t('auth:verifyBanner.resend')}
          </button>
        </fetcher.Form>
      </div>
      {/* Always mounted: a live region that appears together with its text is often not announced. */}
      <div className="[&_p]:mt-3">
        <FormMessage message={result && !result.ok ? result.message : null} />
        <FormMessage tone="success" message={result?.ok ? t('auth:verifyBanner.sent', { email }) : null} />
      </div>
    </section>
  );
}
