import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client';
import { queueCounts } from './jobs/stats';

/**
 * Prometheus metrics for the whole process (`/metrics`). One registry per
 * process: HTTP, sockets, answering and the queue all report here, and the
 * admin panel's System page reads the live gauges from it too.
 * Label values are bounded (route patterns, providers, outcomes, queue names),
 * never ids, so the series count stays small.
 */
export const registry = new Registry();
registry.setDefaultLabels({ app: 'parley' });
// Event-loop lag, process memory, GC and handles, under their standard names.
collectDefaultMetrics({ register: registry });

export const httpDuration = new Histogram({
  name: 'parley_http_request_duration_seconds',
  help: 'HTTP request durations by route pattern, method and status class.',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const wsConnections = new Gauge({
  name: 'parley_websocket_connections',
  help: 'Open WebSocket connections in this process.',
  registers: [registry],
});

export const wsSubscriptions = new Gauge({
  name: 'parley_websocket_subscriptions',
  help: 'Active tRPC subscriptions over WebSocket in this process.',
  registers: [registry],
});

export const messagesTotal = new Counter({
  name: 'parley_messages_total',
  help: 'Chat messages stored: in = from visitors, out = from the bot or the team.',
  labelNames: ['direction', 'role'] as const,
  registers: [registry],
});

export const answersTotal = new Counter({
  name: 'parley_answers_total',
  help: 'Bot answers by provider and outcome (answered, abstained, failed, over_limit, unavailable).',
  labelNames: ['provider', 'outcome'] as const,
  registers: [registry],
});

export const firstTokenSeconds = new Histogram({
  name: 'parley_answer_first_token_seconds',
  help: 'From the visitor message arriving to the first token of the answer.',
  labelNames: ['provider'] as const,
  buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 16],
  registers: [registry],
});

export const retrievalSeconds = new Histogram({
  name: 'parley_retrieval_duration_seconds',
  help: 'Knowledge retrieval latency per question.',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const jobsFinished = new Counter({
  name: 'parley_jobs_finished_total',
  help: 'Jobs this process ran, by queue and result (completed, failed).',
  labelNames: ['queue', 'result'] as const,
  registers: [registry],
});

export const jobDuration = new Histogram({
  name: 'parley_job_duration_seconds',
  help: 'How long one run of a job took, by queue.',
  labelNames: ['queue'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
  registers: [registry],
});

export const seconds = (startedMs: number) => (performance.now() - startedMs) / 1000;

/** The database the scrape-time gauges read (the one this process serves); set by startParley. */
let watched: Database | null = null;
export const watchDatabase = (database: Database | null) => {
  watched = database;
};

// Queue and connection figures are read when Prometheus scrapes, not kept up to date between scrapes.
const queueGauge = (
  name: string,
  help: string,
  pick: (row: Awaited<ReturnType<typeof queueCounts>>[number]) => number,
) =>
  new Gauge({
    name,
    help,
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!watched) return;
      for (const row of await queueCounts(watched).catch(() => [])) this.set({ queue: row.queue }, pick(row));
    },
  });

queueGauge('parley_job_queue_depth', 'Jobs waiting to start, by queue.', (row) => row.queued);
queueGauge('parley_job_queue_active', 'Jobs running, by queue.', (row) => row.active);
queueGauge('parley_job_queue_failed', 'Failed jobs kept for retry or inspection, by queue.', (row) => row.failed);
queueGauge(
  'parley_job_queue_oldest_wait_seconds',
  'How long the oldest job ready to start has waited (queue latency), by queue.',
  (row) => row.oldestWaitSeconds,
);

new Gauge({
  name: 'parley_db_connections',
  help: 'Connections to the database by state (active = running a statement), from pg_stat_activity.',
  labelNames: ['state'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    if (!watched) return;
    const rows = await watched
      .rows<{ state: string | null; count: number }>(
        sql`select coalesce(state, 'other') as state, count(*)::int as count from pg_stat_activity
          where datname = current_database() and backend_type = 'client backend' group by 1`,
      )
      .catch(() => []);
    for (const row of rows) this.set({ state: row.state ?? 'other' }, Number(row.count));
  },
});
