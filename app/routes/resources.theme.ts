import { data, redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { safeRedirect } from '../../shared/redirect-to';
import { requestT } from '~/lib/i18n.server';
import { THEMES, serializeThemeCookie } from '~/lib/theme';

const ZThemeForm = z.object({
  theme: z.enum(THEMES),
  // Only sent by the no-JavaScript form, so the browser lands back where it was.
  redirectTo: z.string().optional(),
});

export async function action({ context, request }: ActionFunctionArgs) {
  const parsed = ZThemeForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return data({ ok: false as const, error: requestT(context)('common:theme.invalid') }, { status: 400 });
  }
  const { theme, redirectTo } = parsed.data;
  const headers = {
    'Set-Cookie': serializeThemeCookie(theme, { isSecure: new URL(request.url).protocol === 'https:' }),
  };
  if (redirectTo !== undefined) return redirect(safeRedirect(redirectTo, '/'), { headers });
  return data({ ok: true as const, theme }, { headers });
}

// Someone who opens the action's URL directly gets the home page instead of an error.
export const loader = () => redirect('/');
