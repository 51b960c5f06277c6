import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from './workspaces';

/**
 * Where a workspace wants its events POSTed (spec §10). `chatbotId` narrows
 * the events to one chatbot; it has no foreign key on purpose: an endpoint
 * whose chatbot was deleted then receives nothing instead of, as with
 * `set null`, suddenly everything.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    description: text().notNull().default(''),
    /** The public event types it receives (`shared/webhook-events.ts`). */
    events: text().array().notNull(),
    chatbotId: uuid(),
    isEnabled: boolean().notNull().default(true),
    /** Why it was switched off, when Parley did it (days of failed deliveries). */
    disabledReason: text(),
    /** The `whsec_` signing secret, sealed with SECRET_KEY (it must be read back to sign). */
    secret: text().notNull(),
    /** The secret before the last rotation, still signing beside the new one until `previousSecretExpiresAt`. */
    previousSecret: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    /** Since when every delivery has failed; null after a success. Days of it disable the endpoint. */
    failingSince: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_workspace_id_idx').on(t.workspaceId)],
);

/**
 * One event for one endpoint: its `webhook-id` (`msg_` + id) and the body,
 * both fixed across retries and replays so receivers can dedupe. The unique
 * (endpoint, event) pair is what makes every process's dispatcher, which
 * each hear the same event, create it once.
 */
export const webhookMessages = pgTable(
  'webhook_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** The bus event it came from (or a fresh id for a test event). */
    eventId: text().notNull(),
    type: text().notNull(),
    /** The exact JSON body sent on every attempt. */
    body: text().notNull(),
    status: text({ enum: ['pending', 'delivered', 'retrying', 'failed'] })
      .notNull()
      .default('pending'),
    attemptCount: integer().notNull().default(0),
    lastAttemptAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_messages_endpoint_event_idx').on(t.endpointId, t.eventId),
    index('webhook_messages_endpoint_created_idx').on(t.endpointId, t.createdAt.desc()),
  ],
);

/** One POST of a message: the delivery log's rows. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: uuid().primaryKey().defaultRandom(),
    messageId: uuid()
      .notNull()
      .references(() => webhookMessages.id, { onDelete: 'cascade' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    trigger: text({ enum: ['event', 'retry', 'replay', 'test'] }).notNull(),
    /** The receiver's HTTP status; null when it could not be reached. */
    statusCode: integer(),
    isSuccess: boolean().notNull(),
    durationMs: integer().notNull(),
    /** Why it failed, in a sentence (timeout, refused address, status). */
    error: text(),
    requestHeaders: jsonb().$type<Record<string, string>>().notNull(),
    /** The start of what was sent and what came back, for the log. */
    requestExcerpt: text().notNull(),
    responseExcerpt: text().notNull().default(''),
  },
  (t) => [index('webhook_attempts_message_at_idx').on(t.messageId, t.at.desc())],
);

export type TWebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type TWebhookMessage = typeof webhookMessages.$inferSelect;
export type TWebhookAttempt = typeof webhookAttempts.$inferSelect;
