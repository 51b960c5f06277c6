import type { AppLoadContext } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { orHttpError } from './loader-errors.server';

/**
 * The workspace the signed-in person is working in, for /app pages: logged
 * out → log-in page; no workspace at all → the page to create one.
 */
export async function requireCurrentWorkspace(context: AppLoadContext, request: Request) {
  const current = await orHttpError(request, context.trpc.workspace.current());
  if (!current) throw redirect('/app/new');
  return current;
}
