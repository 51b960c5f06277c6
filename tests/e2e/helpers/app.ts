import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNodeFlags } from '../../../scripts/node-flags';
import { freePort } from '../../helpers/net';

const root = path.resolve(import.meta.dirname, '../../..');

export type RunningApp = {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process printed so far (for failure messages). */
  output: () => string;
  /** SIGTERM, then waits for the exit code. */
  stop: () => Promise<number | null>;
};

/** Spawns `server/main.ts` the way `npm start` runs it (production build) — without waiting. */
export function spawnApp(options: { dataDir: string; port: number; env?: Record<string, string> }) {
  const child = spawn(process.execPath, [...startNodeFlags(), '--import', 'tsx', 'server/main.ts'], {
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

/** Starts the built app on a free port with its own data folder and waits until /readyz says so. */
export async function startApp(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningApp> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Links in mails must point at the address the browser uses (cookies are per host).
  const { child, output, exited } = spawnApp({ dataDir, port, env: { APP_URL: url, ...options.env } });
  let exitCode: number | null | undefined;
  exited.then((code) => (exitCode = code));

  const deadline = Date.now() + 60_000;
  while (true) {
    if (exitCode !== undefined) throw new Error(`The app exited (${exitCode}) before it was ready:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The app was not ready within 60 s:\n${output()}`);
    }
    const ready = await fetch(`${url}/readyz`).then(
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
      return exited;
    },
  };
}
