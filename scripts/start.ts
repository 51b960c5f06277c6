/**
 * `npm start`: build when the sources changed since the last build, then serve
 * the production build. Everything else (database, migrations, jobs) starts
 * inside server/main.ts.
 */
import { ensureBuilt } from './build-if-needed';

try {
  ensureBuilt({ log: (line) => console.log(line) });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
process.env.NODE_ENV ??= 'production';
await import('../server/main');
