import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const mailStatus = pgEnum('mail_status', ['queued', 'sent', 'failed']);

/**
 * Every mail Parley sends. With SMTP_URL it is the delivery record; without,
 * it is the local outbox the web app shows at /mailbox.
 */
export const mails = pgTable(
  'mails',
  {
    id: uuid().primaryKey().defaultRandom(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    status: mailStatus().notNull().default('queued'),
    /** 'smtp' or 'outbox': how it was (or will be) delivered. */
    transport: text().notNull(),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('mails_to_idx').on(t.to), index('mails_created_at_idx').on(t.createdAt)],
);

export type TMail = typeof mails.$inferSelect;
