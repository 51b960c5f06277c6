import { createEventBus, type EventBus } from '../server/events/bus';
import type { Database } from '../db/client';
import { median, once, openFreshDatabase, percentile, round, silentLog } from './lib';
import type { Benchmark } from './types';

const SAMPLES = 500;
const WARMUP = 20;
const LARGE_SAMPLES = 50;
const LARGE_BYTES = 64 * 1024;

/**
 * Publishes `count` notices one at a time, each in its own transaction as a
 * service would, and returns publish-start → subscriber-receive latencies.
 * The next event is published only once the previous one arrived, so this
 * measures latency, not throughput.
 */
async function measureBus(bus: EventBus, database: Database, count: number, message: (i: number) => string) {
  const abort = new AbortController();
  const arrivals = new Map<string, (at: number) => void>();
  const subscription = bus.subscribe(['system.notice'], { signal: abort.signal });
  const consuming = (async () => {
    for await (const event of subscription) arrivals.get(event.payload.message)?.(performance.now());
  })();
  const latencies: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const text = message(i);
      // Matched on the message, known before publishing: the event id is made inside publish, and
      // the notification may arrive before the transaction's promise has settled here.
      const arrived = new Promise<number>((resolve) => arrivals.set(text, resolve));
      const started = performance.now();
      await database.db.transaction((tx) => bus.publish('system.notice', { level: 'info', message: text }, { tx }));
      const at = await withTimeout(arrived, 5_000, `event ${i} never reached the subscriber`);
      arrivals.delete(text);
      latencies.push(at - started);
    }
  } finally {
    abort.abort();
    await consuming;
  }
  return latencies;
}

/** Raw NOTIFY → listen on the same PGlite, without the bus: what the bus adds on top is the difference. */
async function measureRawNotify(database: Database, count: number) {
  let onPayload: ((at: number) => void) | null = null;
  const unlisten = await database.listen('bench_raw', () => onPayload?.(performance.now()));
  const latencies: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const arrived = new Promise<number>((resolve) => (onPayload = resolve));
      const started = performance.now();
      await database.executeSql(`select pg_notify('bench_raw', 'x')`);
      latencies.push((await withTimeout(arrived, 5_000, 'raw notification never arrived')) - started);
    }
  } finally {
    await unlisten();
  }
  return latencies;
}

const withTimeout = <T>(promise: Promise<T>, ms: number, message: string) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

const measureAll = once(async () => {
  const database = await openFreshDatabase();
  try {
    const bus = await createEventBus(database, silentLog);
    try {
      // Warm-up rounds are dropped: the first events pay for JIT and query preparation, not for the design.
      await measureRawNotify(database, WARMUP);
      const raw = await measureRawNotify(database, SAMPLES);
      await measureBus(bus, database, WARMUP, (i) => `warm-up ${i}`);
      const small = await measureBus(bus, database, SAMPLES, (i) => `notice ${i}`);
      const large = await measureBus(bus, database, LARGE_SAMPLES, (i) => `${i} `.padEnd(LARGE_BYTES, 'x'));
      return { raw, small, large };
    } finally {
      await bus.close();
    }
  } finally {
    await database.close();
  }
});

export const benchmarks: Benchmark[] = [
  {
    id: 'events.publish_to_subscriber_p50_ms',
    description: 'Median latency from publish (in its own transaction) to the subscriber receiving it, embedded PGlite',
    run: async () => {
      const { raw, small } = await measureAll();
      return {
        value: round(median(small), 2),
        unit: 'ms',
        baseline: round(median(raw), 2),
        target: 5,
        notes: `${SAMPLES} events one at a time after ${WARMUP} warm-up; baseline = raw pg_notify→listen without the bus. Target: typing/message updates should feel instant.`,
      };
    },
  },
  {
    id: 'events.publish_to_subscriber_p99_ms',
    description: 'p99 latency from publish (in its own transaction) to the subscriber receiving it, embedded PGlite',
    run: async () => {
      const { raw, small } = await measureAll();
      return {
        value: round(percentile(small, 99), 2),
        unit: 'ms',
        baseline: round(percentile(raw, 99), 2),
        target: 20,
        notes: `${SAMPLES} events, nearest-rank p99; baseline = raw pg_notify→listen p99. 20 ms keeps streamed replies smooth even at the tail.`,
      };
    },
  },
  {
    id: 'events.large_payload_ms',
    description: 'Median latency of a 64 KB event, which travels through the event_payloads table instead of NOTIFY',
    run: async () => {
      const { large, small } = await measureAll();
      return {
        value: round(median(large), 2),
        unit: 'ms',
        baseline: round(median(small), 2),
        target: 25,
        notes: `median of ${LARGE_SAMPLES} × ${LARGE_BYTES / 1024} KB payloads (insert + NOTIFY of a reference + read back); baseline = small-event median.`,
      };
    },
  },
];
