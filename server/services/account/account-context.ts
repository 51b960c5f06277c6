import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../../db/client';
import { memberships, users, workspaces } from '../../../db/schema';
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

export const LOGIN_FAILED = 'That e-mail and password do not match.';
export const LINK_INVALID = 'This link is invalid, was already used or has expired. Ask for a new one.';

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
  if (!user) throw new AppError('UNAUTHORIZED', 'Please log in to continue.');
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
  values: { email: string; name: string; passwordHash: string | null; emailVerifiedAt?: Date | null },
  options: { isInvited?: boolean } = {},
) {
  const [user] = await tx.insert(users).values(values).returning();
  if (options.isInvited) return { ...user!, lastWorkspaceId: null };
  const [workspace] = await tx
    .insert(workspaces)
    .values({ name: `${values.name}'s workspace`.slice(0, 100), ...newWorkspaceLimits() })
    .returning();
  await tx.insert(memberships).values({ workspaceId: workspace!.id, userId: user!.id, role: 'owner' });
  await tx.update(users).set({ lastWorkspaceId: workspace!.id }).where(eq(users.id, user!.id));
  return { ...user!, lastWorkspaceId: workspace!.id };
}

export const isUniqueViolation = (error: unknown) =>
  (error as { code?: string } | null)?.code === '23505' ||
  (error as { cause?: { code?: string } } | null)?.cause?.code === '23505';
