import { z } from 'zod';
import { getOutboxMail, listOutbox } from '../../services/mail/outbox';
import { publicProcedure, router } from '../procedures';

export const mailRouter = router({
  /** The newest mails in the local outbox (no SMTP_URL), for the /mailbox page. */
  outbox: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }))
    .query(({ ctx, input }) => listOutbox(ctx, input)),
  get: publicProcedure
    .input(z.object({ mailId: z.uuid('auth:mailbox.errors.invalidId') }))
    .query(({ ctx, input }) => getOutboxMail(ctx, input)),
});
