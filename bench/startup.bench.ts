import { spawn } from 'node:child_process';
import path from 'node:path';
import { once, round } from './lib';
import type { ProbeResult } from './startup-probe';
import type { Benchmark } from './types';

const PROBE_TIMEOUT_MS = 120_000;

/**
 * Runs `startup-probe.ts` in a fresh Node process (with the same tsx loader
 * as this one). That the child has to exit on its own also checks that
 * `close()` leaves nothing running.
 */
const probe = once(
  () =>
    new Promise<ProbeResult>((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, 'startup-probe.ts')], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new Error(
            `the startup probe did not exit within ${PROBE_TIMEOUT_MS / 1000} s (something left running after close?)`,
          ),
        );
      }, PROBE_TIMEOUT_MS);
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        const line = stdout.trim().split('\n').at(-1) ?? '';
        if (code !== 0) return reject(new Error(`the startup probe exited with ${signal ?? code}`));
        try {
          resolve(JSON.parse(line) as ProbeResult);
        } catch {
          reject(new Error(`the startup probe printed no result: ${line.slice(0, 200)}`));
        }
      });
    }),
);

const setting = 'startParley with serveWebApp: false, embedded PGlite, measured in a child process';

export const benchmarks: Benchmark[] = [
  {
    id: 'startup.ready_ms',
    description: 'From calling startParley on a fresh data folder until /readyz answers 200',
    run: async () => ({
      value: Math.round((await probe()).readyMs),
      unit: 'ms',
      baseline: null,
      target: 10_000,
      notes: `${setting}; includes initdb, migrations and pg-boss's schema. A first run that takes over 10 s looks broken to someone trying Parley.`,
    }),
  },
  {
    id: 'startup.restart_ready_ms',
    description: 'The same, on the existing data folder after a clean close (the usual restart or deploy)',
    run: async () => {
      const { restartReadyMs, closeMs } = await probe();
      return {
        value: Math.round(restartReadyMs),
        unit: 'ms',
        baseline: null,
        target: 3_000,
        notes: `${setting}; close() of the first start took ${Math.round(closeMs)} ms. 3 s keeps a restart inside WebSocket clients' reconnect backoff.`,
      };
    },
  },
  {
    id: 'startup.rss_mb',
    description: 'Process RSS a second after the first start is ready, idle',
    run: async () => {
      const { rssMb, importsRssMb } = await probe();
      return {
        value: round(rssMb),
        unit: 'MB',
        baseline: round(importsRssMb),
        target: 300,
        notes: `${setting}; idle a second after ready, no traffic yet; baseline = RSS before startParley (Node, tsx, modules), so most of the rest is PGlite's WASM. 300 MB leaves room on a 512 MB VPS, the smallest host self-hosters use.`,
      };
    },
  },
];
