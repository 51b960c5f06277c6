/**
 * `npm run db:seed`: prepares a database for trying Parley. Each domain adds
 * its demo data to `seeders` (accounts add a demo user and workspace).
 */
import { loadEnvOrExit } from '../server/env';
import { openDatabase, type Database } from './client';

type Seeder = { name: string; run: (database: Database) => Promise<string> };

const seeders: Seeder[] = [];

const env = loadEnvOrExit();
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  await database.migrate();
  console.log(`Database ready (${database.kind}${env.DATABASE_URL ? '' : ` in ${env.DATA_DIR}`}).`);
  for (const seeder of seeders) console.log(`${seeder.name}: ${await seeder.run(database)}`);
  if (seeders.length === 0) console.log('There is no demo data to add yet.');
} finally {
  await database.close();
}
