import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useEffect, useState, type ReactNode } from 'react';
import { FormMessage, TextField } from '~/components/form-fields';
import { PasswordMeter } from '~/components/password-meter';
import { VerifyEmailBanner } from '~/components/verify-email-banner';
import { announceThemeChange } from '~/hooks/use-theme';
import { runFormAction } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { passwordStrength } from '~/lib/password-strength';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';
import { THEMES, THEME_LABELS, isTheme, serializeThemeCookie, type TTheme } from '~/lib/theme';
import { describeUserAgent, formatUtc } from '~/lib/user-agent';

export const meta: MetaFunction = () => [{ title: 'Account settings · Parley' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const me = await context.trpc.account.me();
  if (!me) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const sessions = await orHttpError(request, context.trpc.account.sessions());
  return { me, sessions };
}

const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
  { value: 'fr', label: 'Français' },
  { value: 'es', label: 'Español' },
] as const;

type TLanguage = (typeof LANGUAGES)[number]['value'];

const isLanguage = (value: string): value is TLanguage => LANGUAGES.some((language) => language.value === value);

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const field = (name: string) => String(form.get(name) ?? '');
  const intent = field('intent');
  const trpc = context.trpc.account;

  if (intent === 'preferences') {
    const theme = field('theme');
    const language = field('language');
    const result = await runFormAction(form, () =>
      trpc.updatePreferences({
        // A tampered value is passed on as is (the cast only quiets the types), so the
        // procedure's validation refuses it with its own sentence.
        theme: (isTheme(theme) ? theme : theme || undefined) as TTheme | undefined,
        language: (isLanguage(language) ? language : language || undefined) as TLanguage | undefined,
        // Unchecked boxes are not sent at all: absence means off.
        notifications: { emailOnHandoff: form.has('emailOnHandoff'), browser: form.has('browser') },
      }),
    );
    // The saved theme is also what this browser paints, like the header switch (same cookie).
    const headers: HeadersInit = result.ok
      ? {
          'Set-Cookie': serializeThemeCookie(result.data.theme, {
            isSecure: new URL(request.url).protocol === 'https:',
          }),
        }
      : {};
    return data({ ...result, intent }, { headers });
  }

  const result = await runFormAction(form, async () => {
    switch (intent) {
      case 'profile':
        return trpc.updateProfile({ name: field('name') });
      case 'email':
        return trpc.requestEmailChange({ newEmail: field('newEmail'), password: field('password') });
      case 'password':
        return trpc.changePassword({ currentPassword: field('currentPassword'), newPassword: field('newPassword') });
      case 'revoke':
        return trpc.revokeSession({ sessionId: field('sessionId') });
      case 'logout-others':
        return trpc.logoutOtherSessions();
      case 'resend':
        return trpc.resendVerification();
      default:
        throw new Response('Unknown form.', { status: 400 });
    }
  });
  if (result.ok && intent === 'revoke' && 'isCurrent' in result.data && result.data.isCurrent) {
    throw redirect('/login');
  }
  return { ...result, intent };
}

/** The submit button of one section: only the form being submitted says it is working. */
function SectionButton({
  intent,
  children,
  pendingLabel,
  variant = 'primary',
}: {
  intent: string;
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

function Section({
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

const linkClass = 'font-medium text-brand-700 hover:underline dark:text-brand-300';

const checkboxClass =
  'mt-0.5 size-4 shrink-0 rounded border-slate-300 text-brand-600 accent-brand-600 focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2 dark:border-slate-600 dark:accent-brand-400 dark:focus-visible:ring-offset-slate-900';

export default function Settings() {
  const { me, sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const failureFor = (intent: string) => (result && !result.ok && result.intent === intent ? result : null);
  const successFor = (intent: string) => (result?.ok && result.intent === intent ? result : null);

  const [newPassword, setNewPassword] = useState('');
  const strength = passwordStrength(newPassword, me.email);
  const passwordChanged = successFor('password');
  // Every answer empties the password fields (a new key remounts them): a
  // password is never kept on the page after it was sent, right or wrong.
  const [answerCount, setAnswerCount] = useState(0);
  useEffect(() => {
    if (!result) return;
    setAnswerCount((count) => count + 1);
    setNewPassword('');
  }, [result]);

  const savedPreferences = successFor('preferences');
  useEffect(() => {
    // Other open tabs repaint with the new theme, as after the header switch.
    if (savedPreferences && savedPreferences.ok && 'theme' in savedPreferences.data) {
      announceThemeChange(savedPreferences.data.theme);
    }
  }, [savedPreferences]);

  const emailRequested = successFor('email');
  const others = sessions.filter((session) => !session.isCurrent);
  // This device first: it is the one people look for to get their bearings.
  const ordered = [...sessions.filter((session) => session.isCurrent), ...others];
  const preferencesValues = failureFor('preferences')?.values;

  return (
    <div className="mx-auto max-w-3xl space-y-8 px-4 py-8 sm:px-6 lg:px-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">Account settings</h1>
        <p className="mt-2 text-slate-600 dark:text-slate-400">
          Your profile, sign-in and preferences. Workspace settings are under{' '}
          <Link to="/app/settings" className={linkClass}>
            Workspace → Settings
          </Link>
          .
        </p>
      </div>

      {params.get('emailChanged') && <FormMessage tone="success" message={`Your e-mail address is now ${me.email}.`} />}

      <Section id="profile" title="Profile">
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <FormMessage message={failureFor('profile')?.message} />
          <FormMessage tone="success" message={successFor('profile') ? 'Your name is saved.' : null} />
          <TextField
            label="Name"
            name="name"
            autoComplete="name"
            required
            maxLength={100}
            defaultValue={failureFor('profile')?.values.name ?? me.name}
            // A new key after saving shows the stored (trimmed) name instead of the old default.
            key={me.name}
            errors={failureFor('profile')?.fieldErrors.name}
          />
          <SectionButton intent="profile" pendingLabel="Saving…">
            Save name
          </SectionButton>
        </Form>
      </Section>

      <Section
        id="email"
        title="E-mail address"
        description={
          <>
            Currently <strong className="font-medium break-all text-slate-900 dark:text-white">{me.email}</strong>{' '}
            {me.emailVerified ? (
              <span className="ml-1 inline-flex items-center rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-900">
                Verified
              </span>
            ) : (
              <span className="ml-1 inline-flex items-center rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-200 dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-900">
                Not verified yet
              </span>
            )}
          </>
        }
      >
        {!me.emailVerified && (
          <div className="mb-5">
            <VerifyEmailBanner email={me.email} />
          </div>
        )}
        {me.hasPassword ? (
          // Remounted after each answer: a sent request leaves an empty form, a refused one refills from `values`.
          <Form method="post" className="space-y-4" noValidate key={answerCount}>
            <input type="hidden" name="intent" value="email" />
            <FormMessage message={failureFor('email')?.message} />
            <FormMessage
              tone="success"
              message={
                emailRequested && emailRequested.ok && 'email' in emailRequested.data
                  ? `We sent a link to ${emailRequested.data.email}; your address changes when you open it.`
                  : null
              }
            />
            <TextField
              label="New e-mail address"
              name="newEmail"
              type="email"
              autoComplete="email"
              required
              defaultValue={failureFor('email')?.values.newEmail}
              errors={failureFor('email')?.fieldErrors.newEmail}
            />
            <TextField
              label="Current password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              description="To make sure it is you."
              key={answerCount}
              errors={failureFor('email')?.fieldErrors.password}
            />
            <SectionButton intent="email" pendingLabel="Sending…">
              Send confirmation link
            </SectionButton>
          </Form>
        ) : (
          <NoPasswordNote />
        )}
      </Section>

      <Section id="password" title="Password">
        {me.hasPassword ? (
          <Form method="post" className="space-y-4" noValidate>
            <input type="hidden" name="intent" value="password" />
            <FormMessage message={failureFor('password')?.message} />
            <FormMessage
              tone="success"
              message={passwordChanged ? 'Password changed. Your other sessions were logged out.' : null}
            />
            {/* Lets password managers tie the new password to the right account. */}
            <input type="text" name="username" autoComplete="username" value={me.email} readOnly hidden />
            <TextField
              label="Current password"
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
              key={answerCount}
              errors={failureFor('password')?.fieldErrors.currentPassword}
            />
            <div>
              <TextField
                label="New password"
                name="newPassword"
                type="password"
                autoComplete="new-password"
                required
                value={newPassword}
                onChange={(event) => setNewPassword(event.currentTarget.value)}
                errors={failureFor('password')?.fieldErrors.newPassword}
              />
              {newPassword && <PasswordMeter score={strength.score} problems={strength.problems} />}
            </div>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Changing it logs you out everywhere else; this device stays logged in.
            </p>
            <SectionButton intent="password" pendingLabel="Changing…">
              Change password
            </SectionButton>
          </Form>
        ) : (
          <NoPasswordNote />
        )}
      </Section>

      <Section id="preferences" title="Preferences">
        <Form method="post" className="space-y-6" noValidate>
          <input type="hidden" name="intent" value="preferences" />
          <FormMessage message={failureFor('preferences')?.message} />
          <FormMessage tone="success" message={savedPreferences ? 'Preferences saved.' : null} />
          {/* Keyed by what is stored so a save (or a reload) shows the saved state. */}
          <div key={JSON.stringify(me.preferences)} className="space-y-6">
            <fieldset>
              <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Theme</legend>
              <div className="mt-2 flex flex-wrap gap-2">
                {THEMES.map((theme) => (
                  <label
                    key={theme}
                    className="inline-flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-800 ring-1 ring-slate-300 has-checked:bg-brand-50 has-checked:ring-2 has-checked:ring-brand-600 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-brand-600 dark:text-slate-200 dark:ring-slate-700 dark:has-checked:bg-slate-800 dark:has-checked:ring-brand-400"
                  >
                    <input
                      type="radio"
                      name="theme"
                      value={theme}
                      defaultChecked={(preferencesValues?.theme ?? me.preferences.theme) === theme}
                      className="size-4 accent-brand-600 focus:outline-none dark:accent-brand-400"
                    />
                    {THEME_LABELS[theme]}
                  </label>
                ))}
              </div>
              {failureFor('preferences')?.fieldErrors.theme && (
                <p className="mt-1.5 text-sm text-red-700 dark:text-red-400">
                  {failureFor('preferences')?.fieldErrors.theme?.[0]}
                </p>
              )}
            </fieldset>

            <div>
              <label htmlFor="language" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                Language for e-mails and the app
              </label>
              <select
                id="language"
                name="language"
                aria-describedby="language-description"
                defaultValue={preferencesValues?.language ?? me.preferences.language}
                className="mt-1.5 block w-full max-w-xs rounded-md border-0 bg-white py-2 pr-8 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600 focus:outline-none dark:bg-slate-900 dark:text-white dark:ring-slate-700 dark:focus:ring-brand-400"
              >
                {LANGUAGES.map((language) => (
                  <option key={language.value} value={language.value}>
                    {language.label}
                  </option>
                ))}
              </select>
              <p id="language-description" className="mt-1.5 text-sm text-slate-600 dark:text-slate-400">
                Saved with your account. Parley's pages and e-mails are in English for now.
              </p>
            </div>

            <fieldset>
              <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Notifications</legend>
              <div className="mt-2 space-y-3">
                <label className="flex items-start gap-3 text-sm text-slate-700 dark:text-slate-300">
                  <input
                    type="checkbox"
                    name="emailOnHandoff"
                    defaultChecked={
                      preferencesValues
                        ? 'emailOnHandoff' in preferencesValues
                        : me.preferences.notifications.emailOnHandoff
                    }
                    className={checkboxClass}
                  />
                  E-mail me when a visitor asks for a human and no agent is online
                </label>
                <label className="flex items-start gap-3 text-sm text-slate-700 dark:text-slate-300">
                  <input
                    type="checkbox"
                    name="browser"
                    defaultChecked={
                      preferencesValues ? 'browser' in preferencesValues : me.preferences.notifications.browser
                    }
                    className={checkboxClass}
                  />
                  Browser notifications for new conversations
                </label>
              </div>
            </fieldset>
          </div>
          <SectionButton intent="preferences" pendingLabel="Saving…">
            Save preferences
          </SectionButton>
        </Form>
      </Section>

      <Section
        id="sessions"
        title="Sessions"
        description="Where your account is logged in. Log out any device you do not recognise."
      >
        <FormMessage message={failureFor('revoke')?.message ?? failureFor('logout-others')?.message} />
        <FormMessage
          tone="success"
          message={
            successFor('revoke')
              ? 'That session is logged out.'
              : successFor('logout-others')
                ? 'All other sessions are logged out.'
                : null
          }
        />
        <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-800" aria-label="Active sessions">
          {ordered.map((session) => {
            const device = describeUserAgent(session.userAgent);
            return (
              <li
                key={session.id}
                className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between"
                data-testid="session"
              >
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
          })}
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
    </div>
  );
}

function NoPasswordNote() {
  return (
    <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200 dark:bg-slate-800/60 dark:text-slate-300 dark:ring-slate-700">
      Your account has no password yet: you sign in with GitHub or Google. To set one (needed to change your e-mail
      address or password here), use{' '}
      <Link to="/forgot-password" className={linkClass}>
        Forgot password
      </Link>{' '}
      — we mail you a link.
    </p>
  );
}
