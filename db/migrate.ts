import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Database } from './client';
import { VectorExtensionError, vectorExtensionProblem } from './extension';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

const expectedMigrations = () => {
  const journal = JSON.parse(fs.readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
};

/** How many committed migrations exist and how many this database has applied. */
export async function migrationStatus(database: Database) {
  const expected = expectedMigrations();
  const rows = await database
    .rows<{ applied: number }>(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`)
    .catch(() => [{ applied: 0 }]);
  const applied = rows[0]?.applied ?? 0;
  return { applied, expected, isCurrent: applied >= expected };
}

/**
 * Any fixed number, the same in every Parley process: it names the session-level
 * advisory lock that lets one process at a time run the migrator.
 */
export const MIGRATION_LOCK_KEY = 4_805_917_339_120_214;

/**
 * drizzle's migrator takes no lock: two processes starting together on a new
 * database both run `CREATE SCHEMA drizzle`, migration 0000 and the rest, and
 * one dies on a duplicate key. Holding the lock on a connection of its own
 * (the migrator uses the pool) makes the others wait, then find nothing to do.
 * Closing that connection releases the lock even if the process dies.
 */
export async function migrateExclusively(options: {
  lockConnection: postgres.Sql;
  migrate: () => Promise<void>;
}): Promise<void> {
  const { lockConnection } = options;
  try {
    await lockConnection.unsafe(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      await options.migrate();
    } catch (error) {
      const reason = vectorExtensionProblem(error);
      if (!reason) throw error;
      const [who] = await lockConnection<{ database: string; user: string }[]>`
        select current_database() as database, current_user as user`;
      throw new VectorExtensionError(reason, who?.database ?? '?', who?.user ?? '?');
    } finally {
      await lockConnection.unsafe(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => {});
    }
  } finally {
    await lockConnection.end({ timeout: 5 });
  }
}
