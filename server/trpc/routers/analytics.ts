import { analyticsDashboard, analyticsHeadline, analyticsOptions } from '../../services/analytics/dashboard';
import { ZAnalyticsFilters } from '../../services/analytics/filters';
import { router, workspaceProcedure } from '../procedures';

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

  /** The chatbots and websites the filters offer. */
  options: workspaceProcedure('agent').query(({ ctx }) => analyticsOptions(ctx)),
});
