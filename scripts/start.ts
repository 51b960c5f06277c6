/**
 * The first half of `npm start`: build what is older than its sources. The
 * second half runs the server bundle in a fresh Node process (package.json),
 * so the process that serves carries neither tsx nor this script.
 */
import { ensureBuilt } from './build-if-needed';

try {
  ensureBuilt({ log: (line) => console.log(line) });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
