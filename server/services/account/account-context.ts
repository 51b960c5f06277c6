import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../../db/client';
import { defaultPreferences, memberships, users, workspaces } from '../../../db/schema';
import { translatorFor } from '../../../shared/i18n/server';
import type { TAppLanguage } from '../../../shared/languages';
import { AppError } from '../../errors';
import type { TEnv } from '../../env';
import type { JobQueue } from '../../jobs/queue';
import type { TSessionMeta } from './sessions';
import { newWorkspaceLimits } from '../usage/limits';

/** What account services need from a request: the database, mail, and who is asking from where. */
export type TAuthContext = {
  db: Db;
  database: Database;
  env: TEnv;
  jobs: JobQueue;
  ip: string | null;
  headers: Headers;
};
/** A request by a signed-in user, in the session it is using. */
export type TSignedInContext = TAuthContext & { user: { id: string; email: string }; session: { id: string } };

export const LOGIN_FAILED = 'auth:errors.loginFailed';
export const LINK_INVALID = 'auth:errors.linkInvalid';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
export const ipOf = (ctx: TAuthContext) => ctx.ip ?? 'unknown';
export const metaOf = (ctx: TAuthContext): TSessionMeta => ({
  ip: ctx.ip,
  userAgent: ctx.headers.get('user-agent'),
});

export const findUserByEmail = async (db: Db, email: string) =>
  (await db.select().from(users).where(eq(users.email, email)))[0] ?? null;

export const findUser = async (db: Db, id: string) => {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw new AppError('UNAUTHORIZED', 'common:errors.loginRequired');
  return user;
};

/**
 * A new user who owns a new personal workspace, opened after log-in: what
 * sign-up and a first OAuth sign-in both make. Run it inside a transaction.
 * `isInvited`: made from an invitation link, so no workspace of its own (the
 * invited one is joined on confirmation; `/app/new` offers one otherwise).
 */
export async function createUserWithWorkspace(
  tx: Db,
  {
    language,
    ...values
  }: {
    email: string;
    name: string;
    passwordHash: string | null;
    emailVerifiedAt?: Date | null;
    /** The language the person signed up in (their browser's, or the switch's): the app's and their e-mails'. */
    language: TAppLanguage;
  },
  options: { isInvited?: boolean } = {},
) {
  const preferences = { ...defaultPreferences, language };
  const [user] = await tx
    .insert(users)
    .values({ ...values, preferences })
    .returning();
  if (options.isInvited) return { ...user!, lastWorkspaceId: null };
  const [workspace] = await tx
    .insert(workspaces)
    .values({ name: workspaceNameFor(values.name, language).slice(0, 100), ...newWorkspaceLimits() })
    .returning();
  await tx.insert(memberships).values({ workspaceId: workspace!.id, userId: user!.id, role: 'owner' });
  await tx.update(users).set({ lastWorkspaceId: workspace!.id }).where(eq(users.id, user!.id));
  return { ...user!, lastWorkspaceId: workspace!.id };
}

/** A new personal workspace's name ("Ada's workspace"), in its owner's language. */
export const workspaceNameFor = (name: string, language: TAppLanguage) =>
  translatorFor(language)('auth:defaults.workspaceName', { name });

export const isUniqueViolation = (error: unknown) =>
  (error as { code?: string } | null)?.code === '23505' ||
  (error as { cause?: { code?: string } } | null)?.cause?.code === '23505';
