import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { orHttpError } from '~/lib/loader-errors.server';

/**
 * A "Download my data" archive, for the signed-in person it belongs to (the
 * procedure decides; anyone else, or after expiry, gets "not found"). The
 * mailed link leads to the settings page, which links here.
 */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  if (!(await context.trpc.account.me())) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname)}`);
  }
  const file = await orHttpError(
    request,
    context.trpc.privacy.downloadAccountExport({ exportId: params.exportId ?? '' }),
  );
  return new Response(file.content, {
    headers: {
      'Content-Type': `${file.contentType}; charset=utf-8`,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      // Personal data: never in a shared cache.
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
