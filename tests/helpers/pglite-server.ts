import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { openDatabase, pgliteOptions, type Database } from '../../db/client';
import { freePort } from './net';

/**
 * A database reached the way production reaches Postgres — postgres.js over
 * the wire protocol, with a pool of several connections — served by an
 * in-memory PGlite (pglite-socket), since no Postgres server runs in tests.
 * Migrations run through postgres.js too.
 *
 * PGlite is one session: pglite-socket queues whole queries, but statements
 * pipelined from several connections at once can interleave, so tests that
 * query concurrently (the job queue) use a pool of one.
 */
export async function createWireDatabase(
  options: { poolMax?: number; maxConnections?: number } = {},
): Promise<{ database: Database; close: () => Promise<void>; url: string }> {
  // pglite-socket answers the startup packet itself, where a server would apply the session settings
  // postgres.js sends (db/client.test.ts checks it sends them); PGlite takes them as start parameters.
  const pg = new PGlite({ ...pgliteOptions });
  const port = await freePort();
  const server = new PGLiteSocketServer({
    db: pg,
    port,
    host: '127.0.0.1',
    maxConnections: options.maxConnections ?? 4,
  });
  await server.start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const database = await openDatabase({
    databaseUrl: url,
    dataDir: 'unused',
    poolMax: options.poolMax ?? 4,
  });
  await database.migrate();
  return {
    database,
    url,
    close: async () => {
      await database.close();
      await server.stop();
      await pg.close();
    },
  };
}
