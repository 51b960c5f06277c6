import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from './client';
import { VectorExtensionError, vectorExtensionMessage, vectorExtensionProblem } from './extension';
import { MIGRATION_LOCK_KEY, migrationStatus } from './migrate';

const serverUrl = process.env.PARLEY_TEST_DATABASE_URL;

describe('the message for a missing pgvector', () => {
  it('says what to run, as whom and where, when the role may not create the extension', () => {
    const message = vectorExtensionMessage({ reason: 'permission', database: 'parley', user: 'parley_app' });
    expect(message).toBe(
      'The database role "parley_app" may not create the pgvector extension (only a superuser may). ' +
        'Run CREATE EXTENSION vector; once as a superuser in the database "parley" ' +
        `(for example: psql -U postgres -d "parley" -c 'CREATE EXTENSION vector;'), then start Parley again.`,
    );
  });

  it('says to install pgvector first when the server lacks it', () => {
    const message = vectorExtensionMessage({ reason: 'not-installed', database: 'my"db', user: 'app' });
    expect(message).toMatch(/^The Postgres server has no pgvector/);
    expect(message).toContain('CREATE EXTENSION vector; as a superuser in the database "my""db"');
  });

  it('recognises Postgres errors, also wrapped by drizzle, and nothing else', () => {
    const denied = Object.assign(new Error('permission denied to create extension "vector"'), { code: '42501' });
    expect(vectorExtensionProblem(denied)).toBe('permission');
    expect(vectorExtensionProblem(new Error('Failed query: CREATE EXTENSION', { cause: denied }))).toBe('permission');
    const missing15 = new Error(
      'could not open extension control file "/usr/share/postgresql/15/extension/vector.control": No such file or directory',
    );
    expect(vectorExtensionProblem(missing15)).toBe('not-installed');
    expect(vectorExtensionProblem(new Error('extension "vector" is not available'))).toBe('not-installed');
    const otherDenied = Object.assign(new Error('permission denied for table chatbots'), { code: '42501' });
    expect(vectorExtensionProblem(otherDenied)).toBeNull();
    expect(vectorExtensionProblem(new Error('boom'))).toBeNull();
  });
});

/** Needs a real server (CI has none with pgvector); the URL's role must be a superuser. */
describe.skipIf(!serverUrl)('migrations on PARLEY_TEST_DATABASE_URL (skipped without it)', () => {
  const prefix = `parley_migrate_${process.pid}_`;
  const appRole = `${prefix}app`;
  const appPassword = crypto.randomBytes(12).toString('hex');
  let admin: postgres.Sql;
  const opened: Database[] = [];

  const urlFor = (database: string, role?: string) => {
    const url = new URL(serverUrl!);
    url.pathname = `/${database}`;
    if (role) [url.username, url.password] = [role, appPassword];
    return url.toString();
  };
  const freshDatabase = async (owner?: string) => {
    const name = `${prefix}${crypto.randomBytes(4).toString('hex')}`;
    await admin.unsafe(`create database "${name}"${owner ? ` owner "${owner}"` : ''}`);
    return name;
  };
  const open = async (url: string) => {
    const database = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolMax: 2 });
    opened.push(database);
    return database;
  };

  beforeAll(async () => {
    admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create role "${appRole}" login nosuperuser password '${appPassword}'`);
  });
  afterAll(async () => {
    await Promise.all(opened.map((database) => database.close()));
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database where starts_with(datname, ${prefix})`;
    for (const row of rows) await admin.unsafe(`drop database "${row.datname}" with (force)`);
    await admin.unsafe(`drop role if exists "${appRole}"`);
    await admin.end();
  });

  it.each([2, 3])('%i processes migrating one fresh database at once all succeed, applying one set', async (count) => {
    const url = urlFor(await freshDatabase());
    const handles = await Promise.all(Array.from({ length: count }, () => open(url)));
    const results = await Promise.allSettled(handles.map((database) => database.migrate()));
    expect(results.map((result) => result.status)).toEqual(Array(count).fill('fulfilled'));

    const status = await migrationStatus(handles[0]!);
    expect(status.applied).toBe(status.expected);
    const [row] = await handles[0]!.rows<{ hashes: number }>(
      sql`select count(distinct hash)::int as hashes from drizzle.__drizzle_migrations`,
    );
    expect(row?.hashes).toBe(status.expected);
  });

  it('waits for the lock another process holds before touching the database', async () => {
    const name = await freshDatabase();
    const holder = postgres(urlFor(name), { max: 1, onnotice: () => {} });
    try {
      await holder.unsafe(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
      const database = await open(urlFor(name));
      const migrating = database.migrate();
      await vi.waitFor(async () => {
        const [waiting] = await holder<{ count: number }[]>`
          select count(*)::int as count from pg_locks where locktype = 'advisory' and not granted`;
        expect(waiting?.count).toBe(1);
      });
      const [before] = await holder<{ count: number }[]>`
        select count(*)::int as count from pg_namespace where nspname = 'drizzle'`;
      expect(before?.count).toBe(0);

      await holder.unsafe(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
      await migrating;
      expect(await migrationStatus(database)).toMatchObject({ isCurrent: true });
    } finally {
      await holder.end();
    }
  });

  it('tells a role that may not create pgvector what a superuser must run, then migrates once it has', async () => {
    const name = await freshDatabase(appRole);
    const database = await open(urlFor(name, appRole));
    const error = await database.migrate().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VectorExtensionError);
    expect(error).toMatchObject({ reason: 'permission', database: name, user: appRole });
    expect((error as Error).message).toContain(
      `Run CREATE EXTENSION vector; once as a superuser in the database "${name}"`,
    );

    const superuser = postgres(urlFor(name), { max: 1, onnotice: () => {} });
    await superuser.unsafe('create extension vector').finally(() => superuser.end());
    await database.migrate();
    expect(await migrationStatus(database)).toMatchObject({ isCurrent: true });
  });
});
