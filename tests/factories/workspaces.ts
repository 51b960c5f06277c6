import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { memberships, users, workspaces, type TUser } from '../../db/schema';

export type TTestRole = 'agent' | 'admin' | 'owner';

/**
 * Users straight into the table, verified unless told otherwise. The
 * password hash is a placeholder: these users are never logged in, tests
 * hand them to a context directly.
 */
export async function createTestUser(
  db: Db,
  options: { email?: string; name?: string; isVerified?: boolean } = {},
): Promise<TUser> {
  const id = randomUUID();
  const [user] = await db
    .insert(users)
    .values({
      id,
      email: (options.email ?? `user-${id.slice(0, 8)}@example.test`).toLowerCase(),
      name: options.name ?? `User ${id.slice(0, 4)}`,
      passwordHash: '$argon2id$placeholder',
      emailVerifiedAt: options.isVerified === false ? null : new Date(),
    })
    .returning();
  return user!;
}

export async function addTestMember(db: Db, options: { workspaceId: string; userId: string; role: TTestRole }) {
  await db.insert(memberships).values(options);
}

/** A workspace with the given owner (a fresh user when none is given). */
export async function createTestWorkspace(db: Db, options: { name?: string; owner?: TUser } = {}) {
  const owner = options.owner ?? (await createTestUser(db));
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: options.name ?? `Workspace ${randomUUID().slice(0, 6)}` })
    .returning();
  await addTestMember(db, { workspaceId: workspace!.id, userId: owner.id, role: 'owner' });
  return { workspace: workspace!, owner };
}

/** A workspace with one member of each role. */
export async function createTestTeam(db: Db, options: { name?: string } = {}) {
  const { workspace, owner } = await createTestWorkspace(db, options);
  const admin = await createTestUser(db);
  const agent = await createTestUser(db);
  await addTestMember(db, { workspaceId: workspace.id, userId: admin.id, role: 'admin' });
  await addTestMember(db, { workspaceId: workspace.id, userId: agent.id, role: 'agent' });
  return { workspace, owner, admin, agent };
}
