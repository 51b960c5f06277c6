/** What one benchmark measured. `baseline` is a reference figure to compare against (null if none). */
export type Result = {
  value: number;
  unit: string;
  baseline: number | null;
  target: number | null;
  notes: string;
};

export type Benchmark = {
  /** Dotted lowercase, e.g. `events.publish_to_subscriber_p99_ms`; `npm run bench -- <prefix>` selects by it. */
  id: string;
  description: string;
  /** Lower is better unless this is set (e.g. a recall or throughput figure). */
  isHigherBetter?: boolean;
  run: () => Promise<Result>;
};

/** One line of `bench/results.json`. */
export type ResultEntry = Result & { id: string };
