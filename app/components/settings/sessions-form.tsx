import { Form } from '@remix-run/react';
import { FormMessage } from '~/components/form-fields';
import { buttonSecondary } from '~/lib/styles';
import { describeUserAgent, formatUtc } from '~/lib/user-agent';
import { failureFor, successFor, type TAccountAnswer } from './answers';
import { Section, SectionButton } from './section';

type TSession = {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date | string;
  lastSeenAt: Date | string;
  isCurrent: boolean;
};

const successMessage = (answer: TAccountAnswer) => {
  if (successFor(answer, 'revoke')) return 'That session is logged out.';
  if (successFor(answer, 'logout-others')) return 'All other sessions are logged out.';
  return null;
};

/** The devices logged in to this account, each with its own log-out form. */
export function SessionsForm({ sessions, answer }: { sessions: TSession[]; answer: TAccountAnswer }) {
  const others = sessions.filter((session) => !session.isCurrent);
  // This device first: it is the one people look for to get their bearings.
  const ordered = [...sessions.filter((session) => session.isCurrent), ...others];
  return (
    <Section
      id="sessions"
      title="Sessions"
      description="Where your account is logged in. Log out any device you do not recognise."
    >
      <FormMessage message={failureFor(answer, 'revoke')?.message ?? failureFor(answer, 'logout-others')?.message} />
      <FormMessage tone="success" message={successMessage(answer)} />
      <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-800" aria-label="Active sessions">
        {ordered.map((session) => (
          <SessionRow key={session.id} session={session} />
        ))}
      </ul>
      <div className="mt-4 flex flex-col gap-3 border-t border-slate-200 pt-4 sm:flex-row dark:border-slate-800">
        {others.length > 0 && (
          <Form method="post">
            <input type="hidden" name="intent" value="logout-others" />
            <SectionButton intent="logout-others" pendingLabel="Logging out…" variant="secondary">
              Log out all other sessions
            </SectionButton>
          </Form>
        )}
        <Form method="post" action="/logout">
          <input type="hidden" name="everywhere" value="yes" />
          <button type="submit" className={buttonSecondary}>
            Log out everywhere
          </button>
        </Form>
      </div>
    </Section>
  );
}

function SessionRow({ session }: { session: TSession }) {
  const device = describeUserAgent(session.userAgent);
  return (
    <li className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between" data-testid="session">
      <div className="min-w-0">
        <p className="font-medium text-slate-900 dark:text-white">
          {device}
          {session.isCurrent && (
            <span className="ml-2 inline-flex items-center rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800 ring-1 ring-brand-200 dark:bg-slate-800 dark:text-brand-200 dark:ring-slate-700">
              This device
            </span>
          )}
        </p>
        <p className="mt-0.5 text-sm break-words text-slate-600 dark:text-slate-400">
          {session.ip ?? 'Unknown IP'} · signed in {formatUtc(session.createdAt)} · last seen{' '}
          {formatUtc(session.lastSeenAt)}
        </p>
      </div>
      {!session.isCurrent && (
        <Form method="post" className="shrink-0">
          <input type="hidden" name="intent" value="revoke" />
          <input type="hidden" name="sessionId" value={session.id} />
          <button type="submit" className={`${buttonSecondary} py-2`}>
            Log out <span className="sr-only">{device}</span>
          </button>
        </Form>
      )}
    </li>
  );
}
