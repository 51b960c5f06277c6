import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNodeFlags } from '../../../scripts/node-flags';
import { freePort } from '../../helpers/net';

const root = path.resolve(import.meta.dirname, '../../..');

export type RunningApp = {
  /** Where browsers reach it: its own address, or APP_URL when a test puts something (a proxy) in front. */
  url: string;
  /** The port the process listens on. */
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process printed so far (for failure messages). */
  output: () => string;
  /** SIGTERM, then waits for the exit code. */
  stop: () => Promise<number | null>;
};

/** Spawns the server bundle the way `npm start` runs it (production build) — without waiting. */
export function spawnApp(options: { dataDir: string; port: number; env?: Record<string, string> }) {
  const child = spawn(process.execPath, [...startNodeFlags(), 'build/app/production.mjs'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export type AppOptions = { dataDir?: string; port?: number; env?: Record<string, string> };

/**
 * Starts the built app (on a free port unless given one) with its own data
 * folder and waits until /readyz says so.
 */
export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-'));
  const port = options.port ?? (await freePort());
  const direct = `http://127.0.0.1:${port}`;
  // Links in mails must point at the address the browser uses (cookies are per host).
  const url = options.env?.APP_URL ?? direct;
  const { child, output, exited } = spawnApp({ dataDir, port, env: { APP_URL: url, ...options.env } });
  let exitCode: number | null | undefined;
  exited.then((code) => (exitCode = code));

  // Generous: on a busy two-core machine the tsx start and the migrations alone can take a minute.
  const deadline = Date.now() + 150_000;
  while (true) {
    if (exitCode !== undefined) throw new Error(`The app exited (${exitCode}) before it was ready:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The app was not ready within 150 s:\n${output()}`);
    }
    const ready = await fetch(`${direct}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  return {
    url,
    port,
    dataDir,
    child,
    output,
    stop: async () => {
      if (exitCode === undefined) child.kill('SIGTERM');
      // The app's own shutdown passes over a stuck step after 15 s; past this, something new hangs.
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await exited.finally(() => clearTimeout(timer));
      if (code === null) throw new Error(`The app did not stop within 60 s of SIGTERM:\n${output()}`);
      return code;
    },
  };
}
