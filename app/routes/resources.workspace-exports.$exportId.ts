import type { LoaderFunctionArgs } from '@remix-run/node';
import { orHttpError } from '~/lib/loader-errors.server';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

/**
 * A workspace's export ZIP, for the admins and owners of the current
 * workspace (the procedure decides; anyone else, or after expiry, gets
 * "not found"). The settings page links here.
 */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const file = await orHttpError(
    request,
    context.trpc.privacy.downloadWorkspaceExport({ workspaceId: workspace.id, exportId: params.exportId ?? '' }),
  );
  return new Response(Buffer.from(file.base64, 'base64'), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      // Everything the workspace holds: never in a shared cache.
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
