import { Form } from '@remix-run/react';
import { Trans, useTranslation } from 'react-i18next';
import { FormMessage, TextField } from '~/components/form-fields';
import { VerifyEmailBanner } from '~/components/verify-email-banner';
import { failureFor, successFor, useAnswerCount, type TAccountAnswer } from './answers';
import { NoPasswordNote, Section, SectionButton } from './section';

type TAccount = { email: string; emailVerified: boolean; hasPassword: boolean };

const badgeClass = 'ml-1 inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1';

function VerifiedBadge({ isVerified }: { isVerified: boolean }) {
  const { t } = useTranslation();
  return isVerified ? (
    <span
      className={`${badgeClass} bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-900`}
    >
      {t('settings:email.verified')}
    </span>
  ) : (
    <span
      className={`${badgeClass} bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-900`}
    >
      {t('settings:email.notVerified')}
    </span>
  );
}

/** Asks for a new address; it changes only when the link mailed to it is opened. */
export function EmailForm({ account, answer }: { account: TAccount; answer: TAccountAnswer }) {
  const answerCount = useAnswerCount(answer);
  const failure = failureFor(answer, 'email');
  const requested = successFor(answer, 'email');
  const { t } = useTranslation();
  return (
    <Section
      id="email"
      title={t('settings:email.title')}
      description={
        <>
          <Trans
            i18nKey="settings:email.currently"
            values={{ email: account.email }}
            components={{ strong: <strong className="font-medium break-all text-slate-900 dark:text-white" /> }}
          />{' '}
          <VerifiedBadge isVerified={account.emailVerified} />
        </>
      }
    >
      {!account.emailVerified && (
        <div className="mb-5">
          <VerifyEmailBanner email={account.email} />
        </div>
      )}
      {account.hasPassword ? (
        // Remounted after each answer: a sent request leaves an empty form, a refused one refills from `values`.
        <Form method="post" className="space-y-4" noValidate key={answerCount}>
          <input type="hidden" name="intent" value="email" />
          <FormMessage message={failure?.message} />
          <FormMessage
            tone="success"
            message={requested ? t('settings:email.sent', { email: requested.data.email }) : null}
          />
          <TextField
            label={t('settings:email.newEmail')}
            name="newEmail"
            type="email"
            autoComplete="email"
            required
            defaultValue={failure?.values.newEmail}
            errors={failure?.fieldErrors.newEmail}
          />
          <TextField
            label={t('settings:email.currentPassword')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            description={t('settings:email.passwordHelp')}
            key={answerCount}
            errors={failure?.fieldErrors.password}
          />
          <SectionButton intent="email" pendingLabel={t('settings:pending.sending')}>
            {t('settings:email.submit')}
          </SectionButton>
        </Form>
      ) : (
        <NoPasswordNote />
      )}
    </Section>
  );
}
