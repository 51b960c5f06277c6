import crypto from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { inject } from 'vitest';
import { fromPGlite, openDatabase, pgliteOptions, type Database } from '../../db/client';

/**
 * A fresh, migrated database: PGlite in memory restored from the template dump the global setup made, or,
 * with PARLEY_TEST_DATABASE_URL, a copy of the template database it migrated on that server (dropped on close).
 */
export async function createTestDatabase(): Promise<Database> {
  const template = inject('postgresTemplate');
  if (template) return copyPostgresTemplate(template);
  const dump = new Blob([fs.readFileSync(inject('templateDbPath'))]);
  const pg = new PGlite({ loadDataDir: dump, ...pgliteOptions });
  await pg.waitReady;
  return fromPGlite(pg);
}

async function copyPostgresTemplate(template: { url: string; name: string }): Promise<Database> {
  const name = `${template.name}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = postgres(template.url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${template.name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(template.url);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' });
  return {
    ...database,
    close: async () => {
      await database.close();
      const dropper = postgres(template.url, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`).finally(() => dropper.end());
    },
  };
}
