import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from './client';

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
