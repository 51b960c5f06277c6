import { startJobQueue } from '../server/jobs/queue';
import { median, once, openFreshDatabase, percentile, round, silentLog, sleep } from './lib';
import type { Benchmark } from './types';

const SAMPLES = 50;
const WARMUP = 5;
/** Lets the worker finish the previous job and go idle, so each sample is "a job sent to an idle worker". */
const IDLE_GAP_MS = 50;

/** send → handler start for jobs sent one at a time to a worker in the same process. */
const measure = once(async () => {
  const database = await openFreshDatabase();
  try {
    const jobs = await startJobQueue(database, silentLog, { supervise: false });
    try {
      let onStart: ((at: number) => void) | null = null;
      await jobs.work('events.prune', async () => {
        onStart?.(performance.now());
      });
      const latencies: number[] = [];
      for (let i = 0; i < WARMUP + SAMPLES; i++) {
        await sleep(IDLE_GAP_MS);
        const started = new Promise<number>((resolve) => (onStart = resolve));
        const sentAt = performance.now();
        await jobs.send('events.prune', { olderThanMinutes: 60 });
        let timer: NodeJS.Timeout | undefined;
        const at = await Promise.race([
          started,
          new Promise<never>(
            (_, reject) => (timer = setTimeout(() => reject(new Error(`job ${i} never started`)), 10_000)),
          ),
        ]).finally(() => clearTimeout(timer));
        if (i >= WARMUP) latencies.push(at - sentAt);
      }
      return latencies;
    } finally {
      await jobs.stop();
    }
  } finally {
    await database.close();
  }
});

const notes = `${SAMPLES} jobs sent one at a time (after ${WARMUP} warm-up) to an idle local worker, embedded PGlite; without notifyWorker a job would wait up to the 2 s polling interval.`;

export const benchmarks: Benchmark[] = [
  {
    id: 'jobs.enqueue_to_start_p50_ms',
    description: 'Median time from jobs.send to the handler starting, worker in the same process',
    run: async () => ({
      value: round(median(await measure()), 1),
      unit: 'ms',
      baseline: null,
      target: 100,
      notes: `${notes} Target: background work (ingestion, webhooks) should start well under the blink of an eye.`,
    }),
  },
  {
    id: 'jobs.enqueue_to_start_p99_ms',
    description: 'p99 time from jobs.send to the handler starting, worker in the same process',
    run: async () => ({
      value: round(percentile(await measure(), 99), 1),
      unit: 'ms',
      baseline: null,
      target: 250,
      notes: `${notes} With ${SAMPLES} samples, nearest-rank p99 is the slowest one.`,
    }),
  },
];
