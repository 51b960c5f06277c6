import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { safeRedirect } from '../../shared/redirect-to';

/** The workspace switcher posts here; the choice is remembered for the next log-in. */
export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  await context.trpc.workspace.switch({ workspaceId: String(form.get('workspaceId') ?? '') });
  throw redirect(safeRedirect(form.get('redirectTo')));
}

export const loader = () => redirect('/app');
