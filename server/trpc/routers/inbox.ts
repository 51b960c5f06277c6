import { tracked } from '@trpc/server';
import { z } from 'zod';
import { watchInbox } from '../../services/inbox/feed';
import { router, workspaceProcedure } from '../procedures';

/** The operator side. For now its live feed; the inbox issue adds lists, threads and replies. */
export const inboxRouter = router({
  /**
   * The workspace's conversation events, live: messages, answer pieces,
   * typing, conversations created and updated. Each is tracked by its bus
   * event id; nothing is replayed after a reconnect yet (pages reload
   * their lists instead).
   */
  onEvent: workspaceProcedure('agent')
    .input(z.object({ lastEventId: z.string().max(200).nullish() }))
    .subscription(async function* ({ ctx, signal }) {
      for await (const event of watchInbox(ctx, { signal })) yield tracked(event.id, event);
    }),
});
