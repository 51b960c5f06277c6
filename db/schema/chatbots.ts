import { sql } from 'drizzle-orm';
import { index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from './workspaces';

export const chatbotStatus = pgEnum('chatbot_status', ['draft', 'live', 'paused']);

/**
 * A chatbot and its settings. `settings` and `widget` are JSON validated by
 * zod in the chatbot service (one schema decides what is allowed), so adding
 * a setting needs no migration.
 */
export const chatbots = pgTable(
  'chatbots',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    status: chatbotStatus().notNull().default('draft'),
    /** The template it was created from (support, sales, faq, product…), for display. */
    template: text().notNull(),
    /** Persona, language policy, temperature, answer length, greeting, response mode, handoff… */
    settings: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Widget look (the widget issue fills this in). */
    widget: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Normalised origins (scheme://host[:port]) the widget may be embedded on. */
    allowedOrigins: text().array().notNull().default([]),
    /** The key in the embed snippet; public by design, it only names the chatbot. */
    publicKey: text().notNull(),
    /**
     * Signs what Parley POSTs to the chatbot's webhook (Standard Webhooks, `whsec_` + base64).
     * The default gives rows made before it existed a secret of 244 random bits (two v4 UUIDs).
     */
    webhookSecret: text()
      .notNull()
      .default(
        sql`'whsec_' || encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'), 'base64')`,
      ),
    /**
     * When the widget first loaded on one of the allowed websites while live, and where: the
     * onboarding checklist's last step ("widget seen on your site") ticks from it.
     */
    widgetSeenAt: timestamp({ withTimezone: true }),
    widgetSeenOrigin: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('chatbots_workspace_id_idx').on(t.workspaceId), uniqueIndex('chatbots_public_key_idx').on(t.publicKey)],
);

export type TChatbot = typeof chatbots.$inferSelect;
