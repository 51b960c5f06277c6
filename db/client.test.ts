import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, expectTypeOf, inject, it } from 'vitest';
import { createTestDatabase } from '../tests/helpers/db';
import { createWireDatabase } from '../tests/helpers/pglite-server';
import { openDatabase, SESSION_SETTINGS, type Database, type Db } from './client';
import { migrationStatus } from './migrate';
import { eventPayloads } from './schema';

/** The same checks, whichever driver is underneath. */
function behavesLikeParleysDatabase(getDatabase: () => Database, options: { isEmbedded: boolean }) {
  it('has every migration applied, pgvector included', async () => {
    const database = getDatabase();
    expect(await migrationStatus(database)).toMatchObject({ isCurrent: true });
    const [row] = await database.rows<{ distance: number }>(
      sql`select ('[1,0,0]'::vector <=> '[0,1,0]'::vector)::float8 as distance`,
    );
    expect(row?.distance).toBeCloseTo(1);
  });

  it('starts each session with the settings retrieval relies on', async () => {
    const [row] = await getDatabase().rows<Record<string, string>>(
      sql`select current_setting('hnsw.iterative_scan') as iterative, current_setting('hnsw.ef_search') as ef_search,
            current_setting('random_page_cost') as page_cost`,
    );
    expect(row).toEqual({ iterative: 'relaxed_order', ef_search: '40', page_cost: '1.1' });
  });

  it.skipIf(!options.isEmbedded)('creates WAL files without zero-filling them (embedded)', async () => {
    const [row] = await getDatabase().rows<{ zero: string }>(sql`select current_setting('wal_init_zero') as zero`);
    expect(row?.zero).toBe('off');
  });

  it('keeps a 64 MB buffer pool, resident from the start (embedded)', async () => {
    const [row] = await getDatabase().rows<{ size: string }>(sql`select current_setting('shared_buffers') as size`);
    expect(row?.size).toBe('64MB');
  });

  it('reads back what Drizzle wrote, in a transaction', async () => {
    const { db } = getDatabase();
    const id = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(eventPayloads)
        .values({ type: 'system.notice', payload: { hello: 'world' } })
        .returning();
      return row!.id;
    });
    const [row] = await db.select().from(eventPayloads).where(eq(eventPayloads.id, id));
    expect(row).toMatchObject({ type: 'system.notice', payload: { hello: 'world' } });
    expect(row?.createdAt).toBeInstanceOf(Date);
  });

  it('rolls a failed transaction back whole', async () => {
    const { db } = getDatabase();
    const before = await db.$count(eventPayloads);
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(eventPayloads).values({ type: 'half', payload: 1 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.$count(eventPayloads)).toBe(before);
  });

  it('stores and reads back bytes (an upload) exactly', async () => {
    // Every byte value, then 3 MB of noise: the size of upload that showed PGlite's slow bytea codec.
    const bytes = new Uint8Array(3 * 1024 * 1024 + 256);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i < 256 ? i : (i * 2654435761) >>> 24;
    const [row] = await getDatabase().rows<{ data: Uint8Array; empty: Uint8Array }>(
      sql`select ${bytes}::bytea as data, ${new Uint8Array()}::bytea as empty`,
    );
    expect(row!.data).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(row!.data).equals(Buffer.from(bytes))).toBe(true);
    expect(row!.empty).toHaveLength(0);
  });

  it('runs raw SQL for libraries, several statements at once', async () => {
    const database = getDatabase();
    const single = await database.executeSql('select $1::int + 1 as n', [41]);
    expect(single.rows).toEqual([{ n: 42 }]);
    const several = await database.executeSql(
      'create temp table scratch(x int); insert into scratch values (1),(2); select count(*)::int as c from scratch',
    );
    expect(several.rows).toEqual([{ c: 2 }]);
    // pg-boss wraps its commands in their own transaction this way.
    await database.executeSql(
      "begin; select pg_advisory_xact_lock(42); insert into event_payloads (type, payload) values ('locked', '{}'); commit;",
    );
    expect(await database.db.$count(eventPayloads, eq(eventPayloads.type, 'locked'))).toBe(1);
  });
}

describe('the test database: PGlite directly, or PARLEY_TEST_DATABASE_URL', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());
  behavesLikeParleysDatabase(() => database, { isEmbedded: !inject('postgresTemplate') });

  // Services take a transaction wherever they take the database, with no cast:
  // this fails to typecheck if a Drizzle upgrade makes the two types part.
  it('hands out transactions that are a Db', async () => {
    await database.db.transaction(async (tx) => {
      expectTypeOf(tx).toMatchTypeOf<Db>();
    });
  });
});

describe('postgres.js, against PGlite served over the Postgres protocol', () => {
  let wire: Awaited<ReturnType<typeof createWireDatabase>>;
  beforeAll(async () => {
    wire = await createWireDatabase();
    expect(wire.database.kind).toBe('postgres');
  });
  afterAll(() => wire.close());
  behavesLikeParleysDatabase(() => wire.database, { isEmbedded: true });
});

describe('postgres.js, against a real server', () => {
  // pglite-socket answers the startup packet itself, so what a real server receives is read off the wire.
  it("asks for the session settings in every connection's startup packet", async () => {
    const startup = new Promise<Record<string, string>>((resolve) => {
      const server = net.createServer((socket) => {
        socket.once('data', (packet) => {
          // int32 length, int32 protocol version, then name\0value\0 pairs ending in \0.
          const fields = packet.subarray(8).toString('utf8').split('\0');
          const parameters: Record<string, string> = {};
          for (let i = 0; fields[i]; i += 2) parameters[fields[i]!] = fields[i + 1]!;
          socket.destroy();
          server.close();
          resolve(parameters);
        });
      });
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        void openDatabase({ databaseUrl: `postgres://parley@127.0.0.1:${port}/parley`, dataDir: 'unused' }).then(
          async (database) => {
            await database.rows(sql`select 1`).catch(() => {});
            await database.close();
          },
        );
      });
    });
    expect(await startup).toMatchObject({ user: 'parley', database: 'parley', ...SESSION_SETTINGS });
  });
});

describe('the embedded database in a data folder', () => {
  // Two starts of an embedded database on disk (initdb, then every migration): past 30 s on a busy machine.
  it('keeps its data across a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-data-'));
    try {
      const first = await openDatabase({ dataDir });
      await first.migrate();
      await first.db.insert(eventPayloads).values({ type: 'kept', payload: { n: 1 } });
      await first.close();

      const second = await openDatabase({ dataDir });
      await second.migrate();
      const rows = await second.db.select().from(eventPayloads).where(eq(eventPayloads.type, 'kept'));
      expect(rows).toHaveLength(1);
      await expect(openDatabase({ dataDir })).rejects.toThrow(/already in use by another Parley process/);
      await second.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
