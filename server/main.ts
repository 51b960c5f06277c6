import { VectorExtensionError } from '../db/extension';
import { DataDirLockedError } from '../db/lock';
import { startParley } from './app';
import { loadEnvOrExit } from './env';
import { createLogger } from './logger';

function fail(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

const env = loadEnvOrExit();

const log = createLogger({ level: env.LOG_LEVEL, pretty: env.NODE_ENV === 'development' && process.stdout.isTTY });

// The signal handlers go in before starting: the server answers before its start is over (the job
// workers register after it listens), and a stop in that window waits for the start, then shuts down
// in order like any other.
let isStopping = false;
const starting = startParley(env, log);
const stop = async (signal: string) => {
  if (isStopping) return;
  isStopping = true;
  log.info({ signal }, 'shutting down: draining connections');
  const parley = await starting.catch(() => null);
  if (!parley) return;
  await parley.close();
  log.info('stopped');
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

try {
  await starting;
} catch (error) {
  if (error instanceof DataDirLockedError) fail(`Parley cannot start. ${error.message}`);
  if (error instanceof VectorExtensionError) fail(`Parley cannot start. ${error.message}`);
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    fail(
      `Parley cannot start: port ${env.PORT} is already in use. Stop what is using it, or set PORT to another number.`,
    );
  }
  log.fatal({ err: error }, 'Parley could not start');
  process.exit(1);
}
