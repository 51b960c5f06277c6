import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { workspaces } from './workspaces';

/**
 * A workspace's API keys. The secret (`pk_live_<prefixId>_<secret>`) is shown
 * once; only its SHA-256 is kept — enough for 256 random bits, which no
 * dictionary reaches, and cheap to check on every call. A key acts with the
 * rights of the admin who made it, never above admin, narrowed to `scopes`.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    createdByUserId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** The visible part of the key, unique, so a lookup needs no scan and people can tell keys apart. */
    prefixId: text().notNull().unique(),
    /** Hex SHA-256 of the whole key. */
    secretHash: text().notNull(),
    scopes: text().array().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    lastUsedIp: text(),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('api_keys_workspace_idx').on(t.workspaceId, t.createdAt.desc())],
);

/** The addresses each key has been used from, so the first use from a new one reaches the audit trail. */
export const apiKeyAddresses = pgTable(
  'api_key_addresses',
  {
    keyId: uuid()
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    ip: text().notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.ip] })],
);

export type TApiKey = typeof apiKeys.$inferSelect;
