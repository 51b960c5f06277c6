/**
 * `npm run db:backup [-- <file>]`: a consistent copy of the embedded database
 * in DATA_DIR as a .tar.gz (stop Parley first; see docs/operations.md). With
 * DATABASE_URL set, use pg_dump instead.
 */
import { backupEmbedded } from '../db/backup';
import { loadEnvOrExit } from '../server/env';

const env = loadEnvOrExit();
if (env.DATABASE_URL) {
  process.stderr.write('DATABASE_URL is set: back Postgres up with pg_dump (docs/operations.md).\n');
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const file = process.argv[2] ?? `backups/parley-${stamp}.tar.gz`;
try {
  const { bytes } = await backupEmbedded({ dataDir: env.DATA_DIR, file });
  console.log(`Backed up ${env.DATA_DIR} to ${file} (${(bytes / 1_048_576).toFixed(1)} MB).`);
} catch (error) {
  process.stderr.write(`Backup failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
