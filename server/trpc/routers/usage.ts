import { usageAlerts, usageReport } from '../../services/usage/report';
import { router, workspaceProcedure } from '../procedures';

/** This month's usage against the workspace's plan limits; every member may read it. */
export const usageRouter = router({
  /** The Usage page: each figure against its limit, tokens by provider, the month day by day. */
  report: workspaceProcedure('agent').query(({ ctx }) => usageReport(ctx)),
  /** The limits at 80 % or more, for the banner on every workspace page. */
  alerts: workspaceProcedure('agent').query(({ ctx }) => usageAlerts(ctx)),
});
