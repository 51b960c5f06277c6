import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { fromPGlite, pgliteOptions, type Database } from '../../db/client';

/** A fresh, migrated PGlite in memory, restored from the template dump the global setup made. */
export async function createTestDatabase(): Promise<Database> {
  const dump = new Blob([fs.readFileSync(inject('templateDbPath'))]);
  const pg = new PGlite({ loadDataDir: dump, ...pgliteOptions });
  await pg.waitReady;
  return fromPGlite(pg);
}
