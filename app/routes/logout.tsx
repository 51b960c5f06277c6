import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';

/** Log out is a POST (a link could be triggered by another site); a GET just goes home. */
export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get('everywhere') === 'yes') await context.trpc.account.logoutEverywhere();
  else await context.trpc.account.logout();
  throw redirect('/');
}

export const loader = () => redirect('/');
