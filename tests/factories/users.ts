import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { memberships, users, workspaces, type TUser } from '../../db/schema';
import { hashPassword } from '../../server/services/account/passwords';

/** A password that passes the strength rules, for users who log in. */
export const TEST_PASSWORD = 'violet-harbour-lantern-42';

/**
 * A user who can log in (a real argon2id hash), with a personal workspace
 * like sign-up makes, verified unless told otherwise.
 */
export async function createLoginUser(
  db: Db,
  options: { email?: string; name?: string; password?: string; isVerified?: boolean } = {},
): Promise<TUser & { password: string }> {
  const id = randomUUID();
  const password = options.password ?? TEST_PASSWORD;
  const name = options.name ?? `User ${id.slice(0, 4)}`;
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: `${name}'s workspace` })
    .returning();
  const [user] = await db
    .insert(users)
    .values({
      id,
      email: (options.email ?? `user-${id.slice(0, 8)}@example.test`).toLowerCase(),
      name,
      passwordHash: await hashPassword(password),
      emailVerifiedAt: options.isVerified === false ? null : new Date(),
      lastWorkspaceId: workspace!.id,
    })
    .returning();
  await db.insert(memberships).values({ workspaceId: workspace!.id, userId: id, role: 'owner' });
  return { ...user!, password };
}
