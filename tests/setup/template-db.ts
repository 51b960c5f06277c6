import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { fromPGlite, openDatabase, pgliteOptions } from '../../db/client';
import { migrationsFolder } from '../../db/migrate';

/**
 * Migrates one in-memory PGlite and dumps its data folder; every test file
 * then restores a fresh copy of it (about a second) instead of running
 * initdb and every migration again. The dump is cached by a hash of the
 * migrations, so it is rebuilt only when they change.
 *
 * With PARLEY_TEST_DATABASE_URL (a role that may create databases and the
 * vector extension), a template database is migrated on that server instead,
 * and each test database is `CREATE DATABASE … TEMPLATE` of it.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.PARLEY_TEST_DATABASE_URL;
  if (serverUrl) return setupPostgres(project, serverUrl);
  project.provide('postgresTemplate', null);
  const hash = crypto.createHash('sha256');
  for (const file of fs.readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const full = path.join(migrationsFolder, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  const dir = path.resolve('node_modules/.cache/parley-test');
  const file = path.join(dir, `template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const pg = new PGlite({ ...pgliteOptions });
    const database = fromPGlite(pg);
    await database.migrate();
    const dump = await pg.dumpDataDir('none');
    await pg.close();
    const temporary = `${file}.${process.pid}`;
    fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(temporary, file);
  }
  project.provide('templateDbPath', file);
}

/** One template per run (its copies share its name as a prefix), dropped with every copy left at the end. */
async function setupPostgres(project: TestProject, serverUrl: string) {
  const name = `parley_test_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const dropAll = async () => {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database where datname = ${name} or starts_with(datname, ${`${name}_`})
      order by datname = ${name}`;
    for (const row of rows) await admin.unsafe(`drop database if exists "${row.datname}" with (force)`);
  };
  await dropAll();
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const template = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' });
  try {
    await template.migrate();
  } finally {
    // A template with open connections cannot be copied.
    await template.close();
  }
  project.provide('postgresTemplate', { url: serverUrl, name });
  project.provide('templateDbPath', '');
  return async () => {
    await dropAll();
    await admin.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDbPath: string;
    /** Set when the tests run on the Postgres server PARLEY_TEST_DATABASE_URL names. */
    postgresTemplate: { url: string; name: string } | null;
  }
}
