/**
 * Starts Parley on a fresh data folder, closes it, starts it again on the same
 * folder, and prints the timings as one JSON line. `startup.bench.ts` runs it
 * in a child process so that the RSS figure is the app's own, not inflated by
 * the databases earlier benchmarks opened in the runner's process.
 */
import fs from 'node:fs';
import { startParley } from '../server/app';
import { parseEnv } from '../server/env';
import { makeTempDir, silentLog, sleep, startTimer } from './lib';

export type ProbeResult = {
  readyMs: number;
  restartReadyMs: number;
  rssMb: number;
  /** Before startParley: Node, tsx and the app's modules, no database yet. */
  importsRssMb: number;
  closeMs: number;
};

const toMb = (bytes: number) => bytes / 1024 / 1024;
const IDLE_MS = 1000;
const importsRssMb = toMb(process.memoryUsage().rss);

/** From calling startParley until /readyz answers 200; returns the running app with the time. */
async function startUntilReady(dataDir: string) {
  const env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const elapsed = startTimer();
  const app = await startParley(env, silentLog, { serveWebApp: false });
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${app.port}/readyz`).catch(() => null);
    await response?.arrayBuffer();
    if (response?.status === 200) return { app, ms: elapsed() };
    if (elapsed() > 60_000) {
      await app.close();
      throw new Error(`/readyz did not answer 200 within 60 s (last status ${response?.status ?? 'none'})`);
    }
    await sleep(10);
  }
}

const dataDir = makeTempDir('startup');
try {
  const first = await startUntilReady(dataDir);
  // Idle, as a server waiting for its first visitor is: V8 frees the buffers garbage collection
  // released on a background thread, a moment after the collection itself.
  await sleep(IDLE_MS);
  const rssMb = toMb(process.memoryUsage().rss);
  const closing = startTimer();
  await first.app.close();
  const closeMs = closing();

  const second = await startUntilReady(dataDir);
  await second.app.close();

  const result: ProbeResult = { readyMs: first.ms, restartReadyMs: second.ms, rssMb, importsRssMb, closeMs };
  console.log(JSON.stringify(result));
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
