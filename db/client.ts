import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import postgres from 'postgres';
import * as schema from './schema';
import { lockDataDir, type DataDirLock } from './lock';
import { migrateExclusively, migrationsFolder } from './migrate';

export type Schema = typeof schema;
/** The Drizzle handle services use; the same type whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

type SqlResult = { rows: Record<string, unknown>[]; rowCount: number };

export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs a Drizzle `sql` fragment and returns plain rows, whichever the driver. */
  rows: <T = Record<string, unknown>>(query: SQL, on?: Db) => Promise<T[]>;
  /** Applies every committed migration that the database has not seen yet. */
  migrate: () => Promise<void>;
  /** Raw SQL for libraries that bring their own queries (pg-boss); several statements allowed without values. */
  executeSql: (text: string, values?: unknown[]) => Promise<SqlResult>;
  /** Receives NOTIFY payloads on a channel; resolves to an unlisten function. */
  listen: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;
  close: () => Promise<void>;
};

export type OpenDatabaseOptions = {
  /** Real Postgres when set; otherwise the embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite's folder, or `memory://` for a throwaway database. */
  dataDir: string;
  poolMax?: number;
  /** Called when a new embedded data folder starts being created (in a child process, for seconds). */
  onCreating?: () => void;
};

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { databaseUrl } = options;
    const connect = (max: number) =>
      postgres(databaseUrl, {
        max,
        onnotice: () => {},
        // Sent in each connection's startup packet: every pooled session starts with them.
        connection: SESSION_SETTINGS,
      });
    return fromPostgres(connect(options.poolMax ?? 10), () => connect(1));
  }
  const isMemory = options.dataDir.startsWith('memory://');
  const lock = isMemory ? null : lockDataDir(options.dataDir);
  try {
    if (!isMemory && !fs.existsSync(path.join(options.dataDir, 'PG_VERSION')))
      await createDataDirApart(options.dataDir, options.onCreating);
    const pg = new PGlite({ dataDir: options.dataDir, ...pgliteOptions });
    await pg.waitReady;
    return fromPGlite(pg, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

const CHILD_FILE = fileURLToPath(new URL('./create-data-dir.mjs', import.meta.url));

/**
 * A new data folder is created and migrated by a child process, not here:
 * PGlite makes a cluster in a second WebAssembly instance and hands it over
 * as a tarball, and the ~100 MB that frees stays with the process's
 * allocator, so a server that created its own folder idled that much above
 * one that opened a finished folder (decision 0010).
 */
function createDataDirApart(dataDir: string, onCreating?: () => void) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, CHILD_FILE, dataDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    onCreating?.();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`Creating the database in ${dataDir} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`),
          ),
    );
  });
}

/** Creates and migrates a new data folder (run by create-data-dir.mjs in a child process). */
export async function createDataDir(dataDir: string) {
  const pg = new PGlite({ dataDir, ...pgliteOptions });
  try {
    await migratePglite(drizzlePglite(pg, { schema, casing: 'snake_case' }), { migrationsFolder });
  } finally {
    await pg.close();
  }
}

/**
 * Settings every database session starts with, so the queries that need them
 * run without a transaction around a `SET LOCAL` (three round trips more per
 * retrieval, a sixth of its time on PGlite at 10k chunks). They touch only
 * vector index scans and the planner's page costs.
 */
export const SESSION_SETTINGS: Readonly<Record<string, string>> = {
  // pgvector ≥ 0.8: an HNSW scan keeps walking the graph until enough rows pass the chatbot filter,
  // instead of filtering its ef_search neighbours after the fact (which leaves a small chatbot among
  // big ones with few or none). `relaxed_order` may return neighbours slightly out of order;
  // retrieval numbers ranks itself.
  'hnsw.iterative_scan': 'relaxed_order',
  // Twice the 20 candidates retrieval takes; the iterative scan walks on by itself when the filter
  // drops some. 100 cost ~1 ms more per query at 10k chunks for the same recall@10 (1.0 in the benchmark).
  'hnsw.ef_search': '40',
  // A 768-dimension vector lives out of line (TOAST) and the planner does not count fetching it in a
  // full scan, so around 10k chunks it picks the exact scan over the index (~10× slower). SSD-like
  // page costs (and PGlite's pages are in memory) put the index back where it belongs.
  random_page_cost: '1.1',
};

/** Options for every PGlite Parley opens (including restored dumps in tests and benchmarks). */
/** Postgres's type id of `bytea`. */
const BYTEA = 17;

/**
 * `bytea` through Buffer's native hex codec. PGlite's own maps every byte
 * through a JavaScript string (`Array.from(bytes).map(toString(16))` one way,
 * `parseInt` per byte pair the other): storing and reading back a 2 MB
 * upload held the event loop for about a second, every tenant's requests
 * waiting behind it.
 */
const byteaCodec = {
  parsers: { [BYTEA]: (text: string) => new Uint8Array(Buffer.from(text.slice(2), 'hex')) },
  serializers: {
    [BYTEA]: (value: unknown) => {
      if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
      return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
    },
  },
};

export const pgliteOptions = {
  ...byteaCodec,
  extensions: { vector },
  startParams: [
    ...PGlite.defaultStartParams,
    // A new 16 MB WAL file is created by writing its last byte instead of zeros throughout: in
    // memory the zeros grew the file step by step, copying it each time (~200 MB of copying per
    // file, a few percent of a busy chat's CPU); on disk they are 16 MB of writes PGlite's unsynced
    // files gain nothing from.
    '-c',
    'wal_init_zero=off',
    // PGlite's buffer pool is resident from the start, not as pages are read (an idle server's RSS
    // moves with shared_buffers megabyte for megabyte): Postgres's default of 128 MB was a fifth of
    // it. 64 MB still holds a 10k-chunk chatbot's HNSW graph and word index, so retrieval is as fast
    // as with 128 MB (decision 0010); past that, pages are read again from the database's files.
    '-c',
    'shared_buffers=64MB',
    ...Object.entries(SESSION_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ],
};

export function fromPGlite(pg: PGlite, lock: DataDirLock | null = null): Database {
  const driver = drizzlePglite(pg, { schema, casing: 'snake_case' });
  const db: Db = driver;
  return {
    kind: 'pglite',
    db,
    migrate: () => migratePglite(driver, { migrationsFolder }),
    rows: async <T>(query: SQL, on: Db = db) => {
      const result = (await on.execute(query)) as unknown as { rows: T[] };
      return result.rows;
    },
    executeSql: async (text, values) => {
      if (values?.length) {
        const result = await pg.query<Record<string, unknown>>(text, values);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      }
      const results = await pg.exec(text);
      const last = results.at(-1);
      return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
    },
    listen: async (channel, onPayload) => {
      const unlisten = await pg.listen(channel, onPayload);
      return async () => {
        if (!pg.closed) await unlisten();
      };
    },
    close: async () => {
      try {
        if (!pg.closed) await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * node-postgres (which libraries like pg-boss are written against) sends
 * undefined as NULL and plain objects as JSON text; postgres.js wants both
 * done for it.
 */
const toParameter = (value: unknown) =>
  value === undefined
    ? null
    : value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        !(value instanceof Date) &&
        !Buffer.isBuffer(value)
      ? JSON.stringify(value)
      : (value as postgres.ParameterOrJSON<never>);

/** `connectOne` opens a connection apart from the pool, for the lock that serialises migrations. */
export function fromPostgres(client: postgres.Sql, connectOne: () => postgres.Sql): Database {
  const driver = drizzlePostgres(client, { schema, casing: 'snake_case' });
  const db: Db = driver;
  return {
    kind: 'postgres',
    db,
    migrate: () =>
      migrateExclusively({
        lockConnection: connectOne(),
        migrate: () => migratePostgres(driver, { migrationsFolder }),
      }),
    rows: async <T>(query: SQL, on: Db = db) => {
      const result = (await on.execute(query)) as unknown as T[];
      return [...result];
    },
    executeSql: async (text, values) => {
      if (values?.length) {
        const result = await client.unsafe(text, values.map(toParameter));
        return { rows: [...result], rowCount: result.count ?? result.length };
      }
      // Several statements need the simple protocol, and libraries send their own
      // BEGIN…COMMIT this way, which postgres.js allows only on a connection held
      // for the whole text (a pooled query could interleave with another).
      const reserved = await client.reserve();
      try {
        const result = (await reserved.unsafe(text).simple()) as unknown as postgres.RowList<postgres.Row[]>;
        // One result per statement when there are several.
        const last = Array.isArray(result[0]) ? (result.at(-1) as unknown as postgres.RowList<postgres.Row[]>) : result;
        return { rows: [...(last ?? [])], rowCount: last?.count ?? 0 };
      } finally {
        reserved.release();
      }
    },
    listen: async (channel, onPayload) => {
      const { unlisten } = await client.listen(channel, onPayload);
      return unlisten;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** The rows of `db.execute`: postgres.js answers with an array of them, PGlite with `{ rows }`. */
export function resultRows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}
