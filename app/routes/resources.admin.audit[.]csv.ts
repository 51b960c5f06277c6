import type { LoaderFunctionArgs } from '@remix-run/node';
import { orHttpError } from '~/lib/loader-errors.server';

/** The audit log (this search) as a CSV download; platform admins only (the procedure decides). */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams.get('q') ?? '';
  const csv = await orHttpError(request, context.trpc.admin.audit.exportCsv({ search: search || undefined }));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="parley-audit-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
