import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from './client';
import { lockDataDir } from './lock';

const LOCK_FILE = 'parley.lock';

/**
 * Backups of the embedded database. PGlite's `dumpDataDir` gives a
 * consistent tarball of the data folder, but only from the process that has
 * it open, and the folder is locked to the running server (db/lock.ts). So
 * this is a stop-and-copy: with the server stopped, open the folder under its
 * lock, dump it (gzip) and close it. A running server makes the lock refuse,
 * with a message saying to stop it first. Postgres uses pg_dump / pg_restore
 * (docs/operations.md).
 */
export async function backupEmbedded(options: { dataDir: string; file: string }) {
  if (!fs.existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    throw new Error(`${options.dataDir} holds no Parley database (no PG_VERSION). Check DATA_DIR.`);
  }
  const lock = lockDataDir(options.dataDir);
  try {
    const pg = new PGlite({ dataDir: options.dataDir, ...pgliteOptions });
    await pg.waitReady;
    try {
      const dump = await pg.dumpDataDir('gzip');
      const bytes = Buffer.from(await dump.arrayBuffer());
      fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
      // Written beside the target, then renamed: a failed backup never leaves half a file under the real name.
      const partial = `${options.file}.partial`;
      fs.writeFileSync(partial, bytes);
      fs.renameSync(partial, options.file);
      return { bytes: bytes.length };
    } finally {
      await pg.close();
    }
  } finally {
    lock.release();
  }
}

/** Restores a backup into an empty (or, with `force`, replaced) data folder. */
export async function restoreEmbedded(options: { file: string; dataDir: string; force?: boolean }) {
  if (!fs.existsSync(options.file)) throw new Error(`No backup file at ${options.file}.`);
  const hasData = fs.existsSync(options.dataDir) && fs.readdirSync(options.dataDir).some((name) => name !== LOCK_FILE);
  if (hasData && !options.force) {
    throw new Error(`${options.dataDir} already holds data. Stop Parley and pass --force to replace it.`);
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const lock = lockDataDir(options.dataDir);
  try {
    for (const name of fs.readdirSync(options.dataDir)) {
      if (name !== LOCK_FILE) fs.rmSync(path.join(options.dataDir, name), { recursive: true });
    }
    const blob = new Blob([fs.readFileSync(options.file)]);
    const pg = new PGlite({ dataDir: options.dataDir, loadDataDir: blob, ...pgliteOptions });
    await pg.waitReady;
    await pg.close();
  } finally {
    lock.release();
  }
}
