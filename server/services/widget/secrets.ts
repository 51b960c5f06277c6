import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { appSecrets } from '../../../db/schema';

export type TSecretName = 'visitor_token_key';

// Per database handle (so per process and per test database), per name: a secret never changes once made.
const cache = new WeakMap<Db, Map<TSecretName, Promise<Buffer>>>();

/**
 * A random 256-bit secret of this installation, made by whichever process
 * asks first and read by all others (the insert loses quietly to an
 * existing row), so several processes on one Postgres sign alike.
 */
export function installationSecret(db: Db, name: TSecretName): Promise<Buffer> {
  let byName = cache.get(db);
  if (!byName) cache.set(db, (byName = new Map()));
  let secret = byName.get(name);
  if (!secret) {
    secret = (async () => {
      await db
        .insert(appSecrets)
        .values({ name, value: randomBytes(32).toString('base64url') })
        .onConflictDoNothing({ target: appSecrets.name });
      const [row] = await db.select({ value: appSecrets.value }).from(appSecrets).where(eq(appSecrets.name, name));
      return Buffer.from(row!.value, 'base64url');
    })();
    // A failed read (database briefly away) is retried by the next caller rather than cached.
    secret.catch(() => byName.delete(name));
    byName.set(name, secret);
  }
  return secret;
}
