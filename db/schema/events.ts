import { bigserial, jsonb, pgTable, text, timestamp, index } from 'drizzle-orm/pg-core';

/**
 * Event payloads too large for one NOTIFY (Postgres caps it at 8000 bytes).
 * The notification then carries only the row id; listeners read the payload
 * here. Rows are short-lived: the event bus prunes old ones.
 */
export const eventPayloads = pgTable(
  'event_payloads',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    type: text().notNull(),
    payload: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('event_payloads_created_at_idx').on(t.createdAt)],
);

export type EventPayloadRow = typeof eventPayloads.$inferSelect;
