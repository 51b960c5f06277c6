import type { LoaderFunctionArgs } from '@remix-run/node';
import { stringify } from 'csv-stringify/sync';
import { chartTable, type TChartId } from '~/components/analytics/tables';
import { analyticsInput, readAnalyticsParams } from '~/lib/analytics';
import { formatFor } from '~/lib/format';
import { requestT } from '~/lib/i18n.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

const CHARTS: TChartId[] = [
  'volume',
  'outcomes',
  'response',
  'csat',
  'handoffs',
  'gaps',
  'topics',
  'hours',
  'sentiment',
  'languages',
];

const headers = (fileName: string) => ({
  'Content-Type': 'text/csv; charset=utf-8',
  'Content-Disposition': `attachment; filename="${fileName}"`,
  // Visitors' words and addresses: never in a shared cache.
  'Cache-Control': 'private, no-store',
  'X-Content-Type-Options': 'nosniff',
});

/**
 * The Analytics page's CSV downloads, for the page's filters: one chart's
 * numbers (`kind=chart-volume`…, headed in the page's language), or every
 * conversation or message of the range (machine-readable columns and codes,
 * the same in every language), streamed page by page through
 * `analytics.exportPage` so a year of data never sits in memory. Each page
 * goes through the procedure, so each is authorised like any other read.
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const search = new URL(request.url).searchParams;
  const params = readAnalyticsParams(search);
  const input = analyticsInput(workspace.id, params);
  const kind = search.get('kind') ?? '';
  const range = `${params.from}_${params.to}`;

  const chart = CHARTS.find((id) => kind === `chart-${id}`);
  if (chart) {
    const dashboard = await orHttpError(request, context.trpc.analytics.dashboard(input));
    // A chart's file is its data table, in the page's language; its days stay ISO dates for spreadsheets.
    const table = chartTable(dashboard, chart, {
      t: requestT(context),
      format: formatFor(context.locale),
      isoDays: true,
    });
    return new Response(stringify([table.columns, ...table.rows]), {
      headers: headers(`parley-${chart}-${range}.csv`),
    });
  }
  if (kind !== 'conversations' && kind !== 'messages')
    throw new Response(requestT(context)('analytics:errors.exportKind'), { status: 400 });

  // The first page before the response starts, so a refusal is an error page and not a broken file.
  const first = await orHttpError(request, context.trpc.analytics.exportPage({ ...input, kind, after: null }));
  const encoder = new TextEncoder();
  let next = first.next;
  let pending: unknown[][] | null = first.rows;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(stringify([first.columns])));
    },
    // Pulled as the client reads: one page in memory at a time, and a slow reader slows the reads.
    async pull(controller) {
      if (pending) {
        controller.enqueue(encoder.encode(stringify(pending)));
        pending = null;
        return;
      }
      if (!next) {
        controller.close();
        return;
      }
      const page = await context.trpc.analytics.exportPage({ ...input, kind, after: next });
      next = page.next;
      if (page.rows.length) controller.enqueue(encoder.encode(stringify(page.rows)));
    },
  });
  return new Response(body, { headers: headers(`parley-${kind}-${range}.csv`) });
}
