import { data, redirect, type ActionFunctionArgs } from '@remix-run/node';
import { serialize } from 'cookie';
import { z } from 'zod';
import { APP_LANGUAGES } from '../../shared/languages';
import { LANGUAGE_COOKIE } from '../../shared/i18n/detect';
import { safeRedirect } from '../../shared/redirect-to';

const ZLanguageForm = z.object({
  language: z.enum(APP_LANGUAGES.map((language) => language.value) as ['en', 'de', 'fr', 'es']),
  redirectTo: z.string().optional(),
});

/**
 * The switch on signed-out pages: a year-long cookie that wins over the
 * browser's Accept-Language (an account's own preference wins over both).
 */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = ZLanguageForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false as const }, { status: 400 });
  const { language, redirectTo } = parsed.data;
  const cookie = serialize(LANGUAGE_COOKIE, language, {
    path: '/',
    maxAge: 60 * 60 * 24 * 365,
    sameSite: 'lax',
    secure: new URL(request.url).protocol === 'https:',
  });
  return redirect(safeRedirect(redirectTo ?? '/', '/'), { headers: { 'Set-Cookie': cookie } });
}

// Someone who opens the action's URL directly gets the home page instead of an error.
export const loader = () => redirect('/');
