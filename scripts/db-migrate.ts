/**
 * `npm run db:migrate`: applies the committed migrations to DATABASE_URL, or to
 * the embedded database in DATA_DIR (the app also does this at every start).
 */
import { loadEnvOrExit } from '../server/env';
import { openDatabase } from '../db/client';
import { VectorExtensionError } from '../db/extension';
import { migrationStatus } from '../db/migrate';

const env = loadEnvOrExit();
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  await database.migrate();
  const status = await migrationStatus(database);
  console.log(`Migrations applied: ${status.applied} of ${status.expected} (${database.kind}).`);
} catch (error) {
  if (!(error instanceof VectorExtensionError)) throw error;
  process.stderr.write(`\nMigrations not applied. ${error.message}\n\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
