import { tracked } from '@trpc/server';
import { oauthFeatures } from '../../services/account/oauth';
import { activeNotices } from '../../services/admin/notices';
import { checkReadiness } from '../../services/system';
import { protectedProcedure, publicProcedure, router } from '../procedures';

export const systemRouter = router({
  /** Whether this process can serve: database reachable and migrations applied. */
  health: publicProcedure.query(({ ctx }) => checkReadiness(ctx.database)),

  /** What this install offers, for pages that adapt to it (e.g. the local mailbox link). */
  features: publicProcedure.query(({ ctx }) => ({
    mail: ctx.env.SMTP_URL ? ('smtp' as const) : ('outbox' as const),
    /** The "Continue with …" buttons on the log-in and sign-up pages. */
    oauth: oauthFeatures(ctx.env),
  })),

  /** Banners platform admins published that have not ended, for the first paint of every signed-in page. */
  notices: protectedProcedure.query(({ ctx }) => activeNotices(ctx.db)),

  /** Notices for everyone using the web app, shown as toasts. */
  onNotice: publicProcedure.subscription(async function* ({ ctx, signal }) {
    for await (const event of ctx.bus.subscribe(['system.notice'], { signal })) {
      yield tracked(event.id, event.payload);
    }
  }),
});
