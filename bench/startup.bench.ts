import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { ensureBuilt } from '../scripts/build-if-needed';
import { spawnApp } from '../tests/e2e/helpers/app';
import { freePort } from '../tests/helpers/net';
import { makeTempDir, once, round, sleep, startTimer } from './lib';
import type { Benchmark } from './types';

const READY_TIMEOUT_MS = 120_000;
/** Idle as a server waiting for its first visitor is: what start-up freed has been handed back by then. */
const IDLE_MS = 1000;

/** Resident memory of another process, in MB: Linux's /proc, else `ps` (macOS). */
function rssMbOf(pid: number): Promise<number> {
  const status = `/proc/${pid}/status`;
  if (fs.existsSync(status)) {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(status, 'utf8'))?.[1]);
    return Promise.resolve(kb / 1024);
  }
  return new Promise((resolve, reject) => {
    const ps = spawn('ps', ['-o', 'rss=', '-p', String(pid)]);
    let out = '';
    ps.stdout.on('data', (chunk) => (out += chunk));
    ps.on('exit', () => (out.trim() ? resolve(Number(out.trim()) / 1024) : reject(new Error('ps gave no RSS'))));
  });
}

/** Runs the server bundle exactly as `npm start` does, until /readyz answers 200. */
async function startUntilReady(dataDir: string) {
  const port = await freePort();
  const elapsed = startTimer();
  const { child, exited } = spawnApp({ dataDir, port, env: { LOG_LEVEL: 'silent' } });
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
    await response?.arrayBuffer();
    if (response?.status === 200) break;
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was ready`);
    if (elapsed() > READY_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`/readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s`);
    }
    await sleep(10);
  }
  const readyMs = elapsed();
  const stop = async () => {
    const stopping = startTimer();
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`the server exited with ${code} on SIGTERM`);
    return stopping();
  };
  return { pid: child.pid!, readyMs, stop };
}

/** A fresh data folder: start, idle, read RSS, stop; then start again on the same folder. */
const probe = once(async () => {
  ensureBuilt({ log: (line) => console.log(line) });
  const dataDir = makeTempDir('startup');
  try {
    const first = await startUntilReady(dataDir);
    await sleep(IDLE_MS);
    const rssMb = await rssMbOf(first.pid);
    const closeMs = await first.stop();
    const second = await startUntilReady(dataDir);
    await sleep(IDLE_MS);
    const restartRssMb = await rssMbOf(second.pid);
    await second.stop();
    return { readyMs: first.readyMs, restartReadyMs: second.readyMs, rssMb, restartRssMb, closeMs };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

const setting = "`npm start`'s process (the server bundle with its V8 flags, serving the web app), embedded PGlite";

export const benchmarks: Benchmark[] = [
  {
    id: 'startup.ready_ms',
    description: 'From starting the server process on a fresh data folder until /readyz answers 200',
    run: async () => ({
      value: Math.round((await probe()).readyMs),
      unit: 'ms',
      baseline: null,
      target: 10_000,
      notes: `${setting}; includes Node's start, creating and migrating the database, pg-boss's schema and reopening. A first run that takes over 10 s looks broken to someone trying Parley.`,
    }),
  },
  {
    id: 'startup.restart_ready_ms',
    description: 'The same, on the existing data folder after a clean stop (the usual restart or deploy)',
    run: async () => {
      const { restartReadyMs, closeMs } = await probe();
      return {
        value: Math.round(restartReadyMs),
        unit: 'ms',
        baseline: null,
        target: 3_000,
        notes: `${setting}; stopping the first start on SIGTERM took ${Math.round(closeMs)} ms. 3 s keeps a restart inside WebSocket clients' reconnect backoff.`,
      };
    },
  },
  {
    id: 'startup.rss_mb',
    description: 'Resident memory of the server process a second after its first start is ready, idle',
    run: async () => {
      const { rssMb, restartRssMb } = await probe();
      return {
        value: round(rssMb),
        unit: 'MB',
        baseline: null,
        target: 300,
        notes: `${setting}; idle a second after ready, no traffic yet; after a restart on the same folder it held ${round(restartRssMb)} MB. 300 MB leaves room on a 512 MB VPS, the smallest host self-hosters use.`,
      };
    },
  },
];
