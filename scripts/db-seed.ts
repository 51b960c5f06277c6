/**
 * `npm run db:seed`: a demo account and workspace for trying Parley. Run it
 * again to get a fresh password for the same account. Stop the app first when
 * it uses the embedded database (the data folder allows one process).
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { loadEnvOrExit } from '../server/env';
import { hashPassword } from '../server/services/account/passwords';
import { openDatabase } from '../db/client';
import { memberships, users, workspaces } from '../db/schema';

const DEMO_EMAIL = 'demo@parley.test';
const DEMO_WORKSPACE = 'Demo workspace';

/** Four groups of lower-case letters and digits: strong, and easy to type from a terminal. */
const demoPassword = () =>
  (
    randomBytes(16)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '') + 'x'.repeat(16)
  )
    .slice(0, 16)
    .match(/.{4}/g)!
    .join('-');

const env = loadEnvOrExit();
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  await database.migrate();
  const password = demoPassword();
  const passwordHash = await hashPassword(password);
  const workspaceName = await database.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.email, DEMO_EMAIL));
    const [user] = existing
      ? await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, existing.id)).returning()
      : await tx
          .insert(users)
          .values({ email: DEMO_EMAIL, name: 'Demo User', passwordHash, emailVerifiedAt: new Date() })
          .returning();
    const [owned] = await tx
      .select({ id: workspaces.id, name: workspaces.name })
      .from(workspaces)
      .innerJoin(memberships, eq(memberships.workspaceId, workspaces.id))
      .where(and(eq(memberships.userId, user!.id), eq(workspaces.name, DEMO_WORKSPACE)));
    if (owned) return owned.name;
    const [workspace] = await tx.insert(workspaces).values({ name: DEMO_WORKSPACE }).returning();
    await tx.insert(memberships).values({ workspaceId: workspace!.id, userId: user!.id, role: 'owner' });
    await tx.update(users).set({ lastWorkspaceId: workspace!.id }).where(eq(users.id, user!.id));
    return workspace!.name;
  });
  const where = env.DATABASE_URL ? 'Postgres' : `the embedded database in ${env.DATA_DIR}`;
  console.log(`Demo data is ready in ${where}.

  Log in at ${env.APP_URL ?? `http://localhost:${env.PORT}`}/login
  E-mail:    ${DEMO_EMAIL}
  Password:  ${password}
  Workspace: ${workspaceName} (owner)

Run \`npm run db:seed\` again for a new password.`);
} finally {
  await database.close();
}
