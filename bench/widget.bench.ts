import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { once, round } from './lib';
import type { Benchmark } from './types';
import type { measureBaseline, measureParley } from './widget-measure';

/**
 * N simulated visitors, each on its own WebSocket, send messages; an operator
 * subscribed to the workspace's feed receives them. Measured: the time from a
 * visitor's send to the operator-side event, and how many messages a second
 * get through, side by side with a baseline — a raw `ws` server that does one
 * INSERT into the same embedded Postgres and forwards the message — under the
 * same load pattern. And the server's memory per idle connected visitor.
 *
 * Load pattern (both servers): rounds in which every visitor sends one
 * message at once; a round ends when the operator has them all.
 */

const SIZES = (process.env.BENCH_WIDGET_SIZES?.split(',').map(Number) ?? [100, 1000]) as number[];

type TOurs = Awaited<ReturnType<typeof measureParley>>;
type TBase = Awaited<ReturnType<typeof measureBaseline>>;

/** One measurement in a fresh process (bench/widget-measure.ts). */
async function measureIsolated<T>(which: 'ours' | 'baseline', visitors: number): Promise<T> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'widget-measure.ts'), which, String(visitors)],
    { env: process.env, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}

const measure = once(async () => {
  const bySize = new Map<number, { ours: TOurs; base: TBase }>();
  for (const size of SIZES) {
    const base = await measureIsolated<TBase>('baseline', size);
    const ours = await measureIsolated<TOurs>('ours', size);
    bySize.set(size, { ours, base });
  }
  return bySize;
});

const describeRun = (size: number, samples: number) =>
  `${size} visitors on their own WebSockets, ${samples} messages in rounds of one message per visitor at once (after a warm-up round); operator = one inbox.onEvent subscriber; chatbot answered by humans only; embedded PGlite`;

const perSize = (size: number): Benchmark[] => [
  {
    id: `message.p99_ms.${size}`,
    description: `Visitor send → operator-side event, p99, ${size} visitors`,
    run: async () => {
      const { ours, base } = (await measure()).get(size)!;
      return {
        value: round(ours.p99, 1),
        unit: 'ms',
        baseline: round(base.p99, 1),
        target: round(base.p99 * 5, 1),
        notes: `p50 ${round(ours.p50, 1)} ms (baseline ${round(base.p50, 1)} ms). ${describeRun(size, ours.samples)}`,
      };
    },
  },
  {
    id: `message.p99_ratio.${size}`,
    description: `p99 send → operator latency, ours over the raw ws + INSERT baseline, ${size} visitors`,
    run: async () => {
      const { ours, base } = (await measure()).get(size)!;
      return {
        value: round(ours.p99 / base.p99, 2),
        unit: 'ratio',
        baseline: 1,
        target: 5,
        notes: `ours ${round(ours.p99, 1)} ms, baseline ${round(base.p99, 1)} ms`,
      };
    },
  },
  {
    id: `message.throughput_per_s.${size}`,
    description: `Messages a second from visitors to the operator, ${size} visitors`,
    isHigherBetter: true,
    run: async () => {
      const { ours, base } = (await measure()).get(size)!;
      return {
        value: round(ours.throughput, 0),
        unit: 'msg/s',
        baseline: round(base.throughput, 0),
        target: round(base.throughput / 2, 0),
        notes: describeRun(size, ours.samples),
      };
    },
  },
  {
    id: `message.throughput_ratio.${size}`,
    description: `Throughput, ours over the raw ws + INSERT baseline, ${size} visitors`,
    isHigherBetter: true,
    run: async () => {
      const { ours, base } = (await measure()).get(size)!;
      return {
        value: round(ours.throughput / base.throughput, 2),
        unit: 'ratio',
        baseline: 1,
        target: 0.5,
        notes:
          `ours ${round(ours.throughput, 0)} msg/s, baseline ${round(base.throughput, 0)} msg/s; ` +
          `server CPU per message: ours ${round(ours.cpuMsPerMessage, 3)} ms, baseline ${round(base.cpuMsPerMessage, 3)} ms`,
      };
    },
  },
];

export const benchmarks: Benchmark[] = [
  ...SIZES.flatMap(perSize),
  {
    id: 'message.idle_bytes_per_visitor',
    description: 'Server memory (RSS after GC) per idle connected visitor, 1,000 visitors',
    run: async () => {
      const { ours, base } = (await measure()).get(1000)!;
      return {
        value: Math.round(ours.idleBytesPerVisitor),
        unit: 'bytes',
        baseline: Math.round(base.idleBytesPerVisitor),
        target: 100 * 1024,
        notes: `RSS growth after GC from 0 to 1,000 visitors, each with its socket and live widget.onEvent subscription (heap alone ${Math.round(ours.idleHeapPerVisitor)} bytes); baseline = a bare ws socket`,
      };
    },
  },
];
