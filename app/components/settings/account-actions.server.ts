import type { ActionFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { runFormAction, unknownForm } from '~/lib/forms.server';
import { isTheme, serializeThemeCookie, type TTheme } from '~/lib/theme';
import { isAppLanguage, type TAppLanguage } from '../../../shared/languages';

type TArgs = Pick<ActionFunctionArgs, 'context' | 'request'>;

/** What every intent's handler is given: the posted form and the account procedures. */
type TIntentArgs = TArgs & { form: FormData; field: (name: string) => string };

const accountOf = ({ context }: TArgs) => context.trpc.account;

const updateProfile = async (args: TIntentArgs) => {
  const result = await runFormAction(args.form, () => accountOf(args).updateProfile({ name: args.field('name') }));
  return { ...result, intent: 'profile' as const };
};

const requestEmailChange = async (args: TIntentArgs) => {
  const result = await runFormAction(args.form, () =>
    accountOf(args).requestEmailChange({ newEmail: args.field('newEmail'), password: args.field('password') }),
  );
  return { ...result, intent: 'email' as const };
};

const changePassword = async (args: TIntentArgs) => {
  const result = await runFormAction(args.form, () =>
    accountOf(args).changePassword({
      currentPassword: args.field('currentPassword'),
      newPassword: args.field('newPassword'),
    }),
  );
  return { ...result, intent: 'password' as const };
};

const updatePreferences = async (args: TIntentArgs) => {
  const { form, field, request } = args;
  const theme = field('theme');
  const language = field('language');
  const result = await runFormAction(form, () =>
    accountOf(args).updatePreferences({
      // A tampered value is passed on as is (the cast only quiets the types), so the
      // procedure's validation refuses it with its own sentence.
      theme: (isTheme(theme) ? theme : theme || undefined) as TTheme | undefined,
      language: (isAppLanguage(language) ? language : language || undefined) as TAppLanguage | undefined,
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
  return data({ ...result, intent: 'preferences' as const }, { headers });
};

const revokeSession = async (args: TIntentArgs) => {
  const result = await runFormAction(args.form, () =>
    accountOf(args).revokeSession({ sessionId: args.field('sessionId') }),
  );
  // Logging this very device out leaves nothing to show here.
  if (result.ok && result.data.isCurrent) throw redirect('/login');
  return { ...result, intent: 'revoke' as const };
};

const logoutOtherSessions = async (args: TIntentArgs) => {
  const result = await runFormAction(args.form, () => accountOf(args).logoutOtherSessions());
  return { ...result, intent: 'logout-others' as const };
};

/** Posted by the "confirm your e-mail" banner on any page, through a fetcher. */
const resendVerification = async (args: TIntentArgs) => {
  const result = await runFormAction(args.form, () => accountOf(args).resendVerification());
  return { ...result, intent: 'resend' as const };
};

const requestDataExport = async (args: TIntentArgs) => {
  const result = await runFormAction(args.form, () => args.context.trpc.privacy.requestAccountExport());
  return { ...result, intent: 'data-export' as const };
};

const deleteAccount = async (args: TIntentArgs) => {
  const result = await runFormAction(args.form, () =>
    args.context.trpc.privacy.deleteAccount({
      password: args.field('password') || undefined,
      confirmEmail: args.field('confirmEmail'),
    }),
  );
  // The account is gone and its cookie cleared (the procedure set it): nothing of this page is left to show.
  if (result.ok) throw redirect('/login?accountDeleted=1');
  return { ...result, intent: 'delete-account' as const };
};

const HANDLERS = {
  'data-export': requestDataExport,
  'delete-account': deleteAccount,
  profile: updateProfile,
  email: requestEmailChange,
  password: changePassword,
  preferences: updatePreferences,
  revoke: revokeSession,
  'logout-others': logoutOtherSessions,
  resend: resendVerification,
};

const isIntent = (intent: string): intent is keyof typeof HANDLERS => Object.hasOwn(HANDLERS, intent);

/**
 * The account settings page's action: each form names its intent and one
 * handler answers it, tagged with that intent so only its form shows the answer.
 */
export async function handleAccountAction(args: TArgs) {
  const form = await args.request.formData();
  const field = (name: string) => String(form.get(name) ?? '');
  const intent = field('intent');
  if (!isIntent(intent)) throw unknownForm(intent);
  return HANDLERS[intent]({ ...args, form, field });
}
