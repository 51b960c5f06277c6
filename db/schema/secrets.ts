import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Secrets of this installation, made once and shared by every process on
 * the same database (e.g. the key that signs widget visitor tokens), so
 * nobody has to configure them and a token signed by one process verifies
 * in another.
 */
export const appSecrets = pgTable('app_secrets', {
  name: text().primaryKey(),
  /** base64url of random bytes. */
  value: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
