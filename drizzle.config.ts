import { defineConfig } from 'drizzle-kit';

// drizzle-kit's own PGlite driver cannot load the vector extension, so its
// database-facing commands (studio, push) go through DATABASE_URL — either a
// real Postgres or `npm run db:studio`, which serves the embedded database
// over the Postgres wire protocol. `generate` needs no database at all.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5433/postgres' },
  casing: 'snake_case',
});
