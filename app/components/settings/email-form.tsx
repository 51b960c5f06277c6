import { Form } from '@remix-run/react';
import { FormMessage, TextField } from '~/components/form-fields';
import { VerifyEmailBanner } from '~/components/verify-email-banner';
import { failureFor, successFor, useAnswerCount, type TAccountAnswer } from './answers';
import { NoPasswordNote, Section, SectionButton } from './section';

type TAccount = { email: string; emailVerified: boolean; hasPassword: boolean };

const badgeClass = 'ml-1 inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1';

function VerifiedBadge({ isVerified }: { isVerified: boolean }) {
  return isVerified ? (
    <span
      className={`${badgeClass} bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-900`}
    >
      Verified
    </span>
  ) : (
    <span
      className={`${badgeClass} bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-900`}
    >
      Not verified yet
    </span>
  );
}

/** Asks for a new address; it changes only when the link mailed to it is opened. */
export function EmailForm({ account, answer }: { account: TAccount; answer: TAccountAnswer }) {
  const answerCount = useAnswerCount(answer);
  const failure = failureFor(answer, 'email');
  const requested = successFor(answer, 'email');
  return (
    <Section
      id="email"
      title="E-mail address"
      description={
        <>
          Currently <strong className="font-medium break-all text-slate-900 dark:text-white">{account.email}</strong>{' '}
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
            message={
              requested ? `We sent a link to ${requested.data.email}; your address changes when you open it.` : null
            }
          />
          <TextField
            label="New e-mail address"
            name="newEmail"
            type="email"
            autoComplete="email"
            required
            defaultValue={failure?.values.newEmail}
            errors={failure?.fieldErrors.newEmail}
          />
          <TextField
            label="Current password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            description="To make sure it is you."
            key={answerCount}
            errors={failure?.fieldErrors.password}
          />
          <SectionButton intent="email" pendingLabel="Sending…">
            Send confirmation link
          </SectionButton>
        </Form>
      ) : (
        <NoPasswordNote />
      )}
    </Section>
  );
}
