import { Form, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { FormMessage, TextField } from '~/components/form-fields';
import { buttonDanger } from '~/lib/styles';
import { failureFor, successFor, useAnswerCount, type TAccountAnswer } from './answers';
import { linkClass, Section, SectionButton } from './section';

type TExport = {
  id: string;
  status: 'queued' | 'running' | 'ready' | 'failed';
  progress: number;
  size: number | null;
  createdAt: string | Date;
  expiresAt: string | Date | null;
  downloadUrl: string | null;
};

const when = (value: string | Date) =>
  new Date(value).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

const kb = (bytes: number | null) => (bytes === null ? '' : ` (${Math.max(1, Math.round(bytes / 1024))} KB)`);

/** "Download my data": ask for the archive; it is prepared in the background and listed here when ready. */
export function YourDataSection({ exports, answer }: { exports: TExport[]; answer: TAccountAnswer }) {
  const failure = failureFor(answer, 'data-export');
  const revalidator = useRevalidator();
  const isPreparing = exports.some((e) => e.status === 'queued' || e.status === 'running');
  // While an archive is being prepared, look again every few seconds.
  useEffect(() => {
    if (!isPreparing) return;
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 3000);
    return () => clearInterval(timer);
  }, [isPreparing, revalidator]);

  return (
    <Section
      id="your-data"
      title="Your data"
      description="A copy of what Parley holds about you: profile, preferences, workspaces and roles, sessions, the audit entries about you and the e-mails we sent you, as one JSON file. We e-mail you when it is ready; it can be downloaded for 7 days."
    >
      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="intent" value="data-export" />
        <FormMessage message={failure?.message} />
        <FormMessage
          tone="success"
          message={
            successFor(answer, 'data-export')
              ? 'We are preparing your data and will e-mail you when it is ready.'
              : null
          }
        />
        <SectionButton intent="data-export" pendingLabel="Asking…" variant="secondary">
          Download my data
        </SectionButton>
      </Form>
      {exports.length > 0 && (
        <ul aria-label="Your data archives" className="mt-4 divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {exports.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="text-slate-700 dark:text-slate-300">Asked for {when(item.createdAt)}</span>
              {item.status === 'ready' && item.downloadUrl ? (
                <span>
                  <a href={item.downloadUrl} className={linkClass} download>
                    Download{kb(item.size)}
                  </a>
                  {item.expiresAt && (
                    <span className="ml-2 text-slate-600 dark:text-slate-400">until {when(item.expiresAt)}</span>
                  )}
                </span>
              ) : item.status === 'failed' ? (
                <span className="text-red-700 dark:text-red-300">Could not be prepared; ask again.</span>
              ) : (
                <span role="status" className="text-slate-600 dark:text-slate-400">
                  Preparing… {item.progress}%
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

type TDeletion = {
  hasPassword: boolean;
  blocking: { id: string; name: string }[];
  deletedWithIt: { id: string; name: string }[];
};

/** "Delete my account": re-authentication and the typed address; blocked while a team would lose its only owner. */
export function DeleteAccountSection({
  email,
  deletion,
  answer,
}: {
  email: string;
  deletion: TDeletion;
  answer: TAccountAnswer;
}) {
  const failure = failureFor(answer, 'delete-account');
  const answerCount = useAnswerCount(answer);
  return (
    <Section id="delete-account" title="Delete account">
      {deletion.blocking.length > 0 ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          You are the only owner of {deletion.blocking.map((w) => `“${w.name}”`).join(', ')}, which has other members.
          Make one of them an owner on the Members page, or delete the workspace, before you delete your account.
        </p>
      ) : (
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="delete-account" />
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Deleting your account logs you out everywhere and cannot be undone.
            {deletion.deletedWithIt.length > 0 &&
              ` Your workspace${deletion.deletedWithIt.length > 1 ? 's' : ''} ${deletion.deletedWithIt
                .map((w) => `“${w.name}”`)
                .join(
                  ', ',
                )}, which nobody else belongs to, will be deleted with everything in ${deletion.deletedWithIt.length > 1 ? 'them' : 'it'}.`}
          </p>
          <FormMessage message={failure?.message} />
          <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
          {deletion.hasPassword ? (
            <TextField
              label="Your password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              key={`p-${answerCount}`}
              errors={failure?.fieldErrors.password}
            />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              You sign in with GitHub or Google: log out and sign in again, then delete your account within 10 minutes.
              {failure?.fieldErrors.password && (
                <span className="mt-1 block text-red-700 dark:text-red-300">{failure.fieldErrors.password[0]}</span>
              )}
            </p>
          )}
          <TextField
            label={`Type your e-mail address (${email}) to confirm`}
            name="confirmEmail"
            type="email"
            autoComplete="off"
            required
            errors={failure?.fieldErrors.confirmEmail}
          />
          <button type="submit" className={buttonDanger}>
            Delete my account
          </button>
        </Form>
      )}
    </Section>
  );
}
