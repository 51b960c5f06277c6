/**
 * `npm run db:restore -- <file> [--force]`: restores a db:backup file into
 * DATA_DIR (empty, or replaced with --force; stop Parley first).
 */
import { restoreEmbedded } from '../db/backup';
import { loadEnvOrExit } from '../server/env';

const env = loadEnvOrExit();
const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith('--'));
if (env.DATABASE_URL || !file) {
  process.stderr.write(
    env.DATABASE_URL
      ? 'DATABASE_URL is set: restore Postgres with pg_restore (docs/operations.md).\n'
      : 'Name the backup file: npm run db:restore -- backups/parley-….tar.gz [--force]\n',
  );
  process.exit(1);
}
try {
  await restoreEmbedded({ file, dataDir: env.DATA_DIR, force: args.includes('--force') });
  console.log(`Restored ${file} into ${env.DATA_DIR}. Start Parley as usual.`);
} catch (error) {
  process.stderr.write(`Restore failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
