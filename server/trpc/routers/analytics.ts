import { z } from 'zod';
import { analyticsDashboard, analyticsHeadline, analyticsOptions } from '../../services/analytics/dashboard';
import { exportPage, ZExportCursor } from '../../services/analytics/export';
import { ZAnalyticsFilters } from '../../services/analytics/filters';
import { latestRelabel, startRelabel } from '../../services/insights/relabel';
import { router, workspaceProcedure } from '../procedures';

const ZDay = (message: 'analytics:validation.relabelStart' | 'analytics:validation.relabelEnd') =>
  z.iso.date({ error: message });

/**
 * The Analytics page: figures from the rollups for a range and filters.
 * Every member may read them (agents see how the conversations they answer go).
 */
export const analyticsRouter = router({
  /** Every chart of the page, with the headline figures and the period before. */
  dashboard: workspaceProcedure('agent')
    .input(ZAnalyticsFilters)
    .query(({ ctx, input }) => analyticsDashboard(ctx, input)),

  /** Only the headline figures: the page refetches them live as conversations change. */
  headline: workspaceProcedure('agent')
    .input(ZAnalyticsFilters)
    .query(({ ctx, input }) => analyticsHeadline(ctx, input)),

  /**
   * One page of the conversations or messages CSV (the route streams page
   * after page with the returned cursor, so a year never sits in memory).
   */
  exportPage: workspaceProcedure('agent')
    .input(
      ZAnalyticsFilters.and(
        z.object({
          kind: z.enum(['conversations', 'messages'], { error: 'analytics:validation.exportKind' }),
          after: ZExportCursor,
        }),
      ),
    )
    .query(({ ctx, input }) => exportPage(ctx, input)),

  /** Labels (topic, sentiment, language) again for every decided conversation that started in the range. */
  relabel: workspaceProcedure('admin')
    .input(z.object({ from: ZDay('analytics:validation.relabelStart'), to: ZDay('analytics:validation.relabelEnd') }))
    .mutation(({ ctx, input }) => startRelabel(ctx, input)),

  /** The latest re-labelling run and its progress. */
  relabelStatus: workspaceProcedure('agent').query(({ ctx }) => latestRelabel(ctx)),

  /** The chatbots and websites the filters offer. */
  options: workspaceProcedure('agent').query(({ ctx }) => analyticsOptions(ctx)),
});
