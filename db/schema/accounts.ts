import {
  boolean,
  index,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export type TUserPreferences = {
  theme: 'light' | 'dark' | 'system';
  language: 'en' | 'de' | 'fr' | 'es';
  notifications: {
    /** E-mail me when a visitor asks for a human and no agent is online. */
    emailOnHandoff: boolean;
    /** Browser notifications for new conversations and handoffs. */
    browser: boolean;
  };
};

export const defaultPreferences: TUserPreferences = {
  theme: 'system',
  language: 'en',
  notifications: { emailOnHandoff: true, browser: true },
};

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Always stored trimmed and lower-cased, so uniqueness is case-insensitive. */
    email: text().notNull(),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    name: text().notNull(),
    /** argon2id PHC string; null for accounts that only sign in through OAuth. */
    passwordHash: text(),
    preferences: jsonb().$type<TUserPreferences>().notNull().default(defaultPreferences),
    /** The workspace the user last switched to, opened after log-in. */
    lastWorkspaceId: uuid(),
    /** Granted by another platform admin; ADMIN_EMAILS are admins whatever this says. */
    isPlatformAdmin: boolean().notNull().default(false),
    /** A suspended account cannot log in; its sessions were ended when it was suspended. */
    suspendedAt: timestamp({ withTimezone: true }),
    /** Shown to the person when a log-in is refused. */
    suspensionReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

/**
 * Sessions as Lucia's guide describes them: the cookie carries `id.secret`;
 * only the SHA-256 of the secret is stored, so a copy of this table opens no
 * session.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    /** Hex SHA-256 of the token's secret part, compared in constant time. */
    secretHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Sliding: pushed forward on use, never past `absoluteExpiresAt`. */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    absoluteExpiresAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    userAgent: text(),
    ip: text(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId), index('sessions_expires_at_idx').on(t.expiresAt)],
);

export const oauthProvider = pgEnum('oauth_provider', ['github', 'google']);

export const oauthAccounts = pgTable(
  'oauth_accounts',
  {
    provider: oauthProvider().notNull(),
    providerUserId: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerUserId] }), index('oauth_accounts_user_id_idx').on(t.userId)],
);

export const tokenPurpose = pgEnum('token_purpose', ['verify_email', 'reset_password', 'change_email', 'sign_in']);

/** One-time links: only the token's SHA-256 is stored; single use; expiring. */
export const userTokens = pgTable(
  'user_tokens',
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: tokenPurpose().notNull(),
    /** The address the link proves (the new one for an e-mail change). */
    email: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('user_tokens_user_id_idx').on(t.userId, t.purpose)],
);

export type TUser = typeof users.$inferSelect;
export type TSession = typeof sessions.$inferSelect;
export type TUserToken = typeof userTokens.$inferSelect;
