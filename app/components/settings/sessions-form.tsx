import { Form } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { FormMessage } from '~/components/form-fields';
import { buttonSecondary } from '~/lib/styles';
import { useFormat } from '~/lib/format';
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

const successMessage = (t: TFunction, answer: TAccountAnswer) => {
  if (successFor(answer, 'revoke')) return t('settings:sessions.revoked');
  if (successFor(answer, 'logout-others')) return t('settings:sessions.othersLoggedOut');
  return null;
};

/** The devices logged in to this account, each with its own log-out form. */
export function SessionsForm({ sessions, answer }: { sessions: TSession[]; answer: TAccountAnswer }) {
  const others = sessions.filter((session) => !session.isCurrent);
  // This device first: it is the one people look for to get their bearings.
  const ordered = [...sessions.filter((session) => session.isCurrent), ...others];
  const { t } = useTranslation();
  return (
    <Section id="sessions" title={t('settings:sessions.title')} description={t('settings:sessions.description')}>
      <FormMessage message={failureFor(answer, 'revoke')?.message ?? failureFor(answer, 'logout-others')?.message} />
      <FormMessage tone="success" message={successMessage(t, answer)} />
      <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-800" aria-label={t('settings:sessions.list')}>
        {ordered.map((session) => (
          <SessionRow key={session.id} session={session} />
        ))}
      </ul>
      <div className="mt-4 flex flex-col gap-3 border-t border-slate-200 pt-4 sm:flex-row dark:border-slate-800">
        {others.length > 0 && (
          <Form method="post">
            <input type="hidden" name="intent" value="logout-others" />
            <SectionButton intent="logout-others" pendingLabel={t('settings:pending.loggingOut')} variant="secondary">
              {t('settings:sessions.logoutOthers')}
            </SectionButton>
          </Form>
        )}
        <Form method="post" action="/logout">
          <input type="hidden" name="everywhere" value="yes" />
          <button type="submit" className={buttonSecondary}>
            {t('settings:sessions.logoutEverywhere')}
          </button>
        </Form>
      </div>
    </Section>
  );
}

function SessionRow({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const format = useFormat();
  const device = describeUserAgent(session.userAgent, t);
  return (
    <li className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between" data-testid="session">
      <div className="min-w-0">
        <p className="font-medium text-slate-900 dark:text-white">
          {device}
          {session.isCurrent && (
            <span className="ml-2 inline-flex items-center rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800 ring-1 ring-brand-200 dark:bg-slate-800 dark:text-brand-200 dark:ring-slate-700">
              {t('settings:sessions.thisDevice')}
            </span>
          )}
        </p>
        <p className="mt-0.5 text-sm break-words text-slate-600 dark:text-slate-400">
          {t('settings:sessions.details', {
            ip: session.ip ?? t('settings:sessions.unknownIp'),
            signedIn: formatUtc(session.createdAt, format),
            lastSeen: formatUtc(session.lastSeenAt, format),
          })}
        </p>
      </div>
      {!session.isCurrent && (
        <Form method="post" className="shrink-0">
          <input type="hidden" name="intent" value="revoke" />
          <input type="hidden" name="sessionId" value={session.id} />
          <button type="submit" className={`${buttonSecondary} py-2`}>
            <Trans
              i18nKey="settings:sessions.logout"
              values={{ device }}
              components={{ hidden: <span className="sr-only" /> }}
            />
          </button>
        </Form>
      )}
    </li>
  );
}
