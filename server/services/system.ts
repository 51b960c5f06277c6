import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { migrationStatus } from '../../db/migrate';

/** Whether this process can serve: the database answers and every migration is applied. Throws if the database is unreachable. */
export async function checkReadiness(database: Database) {
  const started = performance.now();
  await database.rows(sql`select 1`);
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const migrations = await migrationStatus(database);
  return { database: database.kind, latencyMs, migrations, isReady: migrations.isCurrent };
}
