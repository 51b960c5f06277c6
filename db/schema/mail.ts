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
    /**
     * The bodies, sealed with the key kept outside the database (server/services/secret-key.ts): their links
     * carry live tokens. Null once the mail went out over SMTP (or finally failed), and for an outbox mail
     * once its longest link has expired.
     */
    text: text(),
    html: text(),
    /** When the longest-lived link in the body expires; the outbox drops the body then. Null: no link. */
    bodyExpiresAt: timestamp({ withTimezone: true }),
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
