/**
 * `npm run db:studio`: Drizzle Studio on Parley's database. drizzle-kit cannot
 * open PGlite with pgvector itself, so without DATABASE_URL this serves the
 * embedded database over the Postgres wire protocol (pglite-socket) and points
 * drizzle-kit at that. Stop Parley first: the data folder allows one process.
 */
import { spawn } from 'node:child_process';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from '../db/lock';
import { pgliteOptions } from '../db/client';
import { loadEnvOrExit } from '../server/env';

const env = loadEnvOrExit();

const runStudio = (databaseUrl: string) =>
  new Promise<number>((resolve) => {
    const child = spawn('npx', ['drizzle-kit', 'studio'], {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    child.on('exit', (code) => resolve(code ?? 0));
  });

if (env.DATABASE_URL) {
  process.exit(await runStudio(env.DATABASE_URL));
}

const lock = lockDataDir(env.DATA_DIR);
const pg = new PGlite({ dataDir: env.DATA_DIR, ...pgliteOptions });
const port = 5433;
const server = new PGLiteSocketServer({ db: pg, port, host: '127.0.0.1', maxConnections: 8 });
await server.start();
console.log(`Serving ${env.DATA_DIR} as postgres://postgres@127.0.0.1:${port}/postgres for Drizzle Studio.`);
const code = await runStudio(`postgres://postgres@127.0.0.1:${port}/postgres`);
await server.stop();
await pg.close();
lock.release();
process.exit(code);
