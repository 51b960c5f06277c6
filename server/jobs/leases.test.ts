import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../db/client';
import { knowledgeSources } from '../../db/schema';
import { createTestChatbot, createTestSource } from '../../tests/factories/chatbots';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { parseEnv } from '../env';
import { createEventBus } from '../events/bus';
import { registerJobs } from './handlers';
import { startJobQueue, type JobQueue, type JobQueueOptions } from './queue';

/**
 * Two queues on one database stand for two processes. The first runs a job
 * and then stops renewing its lease, as a killed process does (its handler
 * never returns); the second must take the job over. The cross-process
 * version, with a real SIGKILL, is in queue-processes.test.ts.
 */
const NEVER_RENEWS = { leaseSeconds: 1, heartbeatSeconds: 3600, sweepSeconds: 3600 };
const SWEEPS_OFTEN = { sweepSeconds: 0.3 };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const startQueue = async (database: Database, leases: JobQueueOptions['leases']) => {
  const jobs = await startJobQueue(database, testLog, { supervise: false, pollingIntervalSeconds: 0.5, leases });
  cleanup.push(() => jobs.stop());
  return jobs;
};

const jobState = async (database: Database, id: string | null) => {
  const [job] = await database.rows<{ state: string; retry_count: number }>(
    sql`select state, retry_count from pgboss.job where id = ${id}`,
  );
  return job;
};

/** A handler that starts and then hangs until released, like a job of a process that died mid-way. */
const stuckHandler = () => {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const started: string[] = [];
  return { started, release, handler: async (_data: unknown, job: { id: string }) => (started.push(job.id), released) };
};

const openDatabase = async () => {
  const database = await createTestDatabase();
  cleanup.push(() => database.close());
  return database;
};

describe('job leases', () => {
  it('hands the job of a worker that stopped renewing its lease to another one, once', async () => {
    const database = await openDatabase();
    const dead = await startQueue(database, NEVER_RENEWS);
    const stuck = stuckHandler();
    cleanup.push(async () => stuck.release());
    await dead.work('events.prune', stuck.handler);
    const id = await dead.send('events.prune', { olderThanMinutes: 5 });
    await vi.waitFor(() => expect(stuck.started).toEqual([id]), { timeout: 10_000, interval: 100 });

    const live = await startQueue(database, SWEEPS_OFTEN);
    const done: { id: string; retryCount: number }[] = [];
    const abandoned: { id: string; willRetry: boolean; data: unknown }[] = [];
    await live.work('events.prune', async (_data, job) => void done.push({ id: job.id, retryCount: job.retryCount }), {
      onAbandoned: async (data, job) => void abandoned.push({ id: job.id, willRetry: job.willRetry, data }),
    });

    await vi.waitFor(async () => expect((await jobState(database, id))?.state).toBe('completed'), {
      timeout: 20_000,
      interval: 200,
    });
    expect(done).toEqual([{ id, retryCount: 1 }]);
    expect(abandoned).toEqual([{ id, willRetry: true, data: { olderThanMinutes: 5 } }]);
    expect(await database.rows(sql`select * from job_leases`)).toEqual([]);
  });

  it('requeues the job even when the queue fails to mark it abandoned', async () => {
    const database = await openDatabase();
    const dead = await startQueue(database, NEVER_RENEWS);
    const stuck = stuckHandler();
    await dead.work('events.prune', stuck.handler);
    cleanup.push(async () => stuck.release());
    const id = await dead.send('events.prune', { olderThanMinutes: 5 });
    await vi.waitFor(() => expect(stuck.started).toEqual([id]), { timeout: 10_000, interval: 100 });

    const live = await startQueue(database, SWEEPS_OFTEN);
    const done: string[] = [];
    await live.work('events.prune', async (_data, job) => void done.push(job.id), {
      onAbandoned: async (_data, { tx }) => {
        await tx.execute(sql`select * from no_such_table`);
      },
    });
    await vi.waitFor(async () => expect((await jobState(database, id))?.state).toBe('completed'), {
      timeout: 20_000,
      interval: 200,
    });
    expect(done).toEqual([id]);
  });

  it('leaves a running job alone while its worker renews the lease', async () => {
    const database = await openDatabase();
    const busy = await startQueue(database, { leaseSeconds: 1, heartbeatSeconds: 0.2, sweepSeconds: 3600 });
    const finished: string[] = [];
    await busy.work('events.prune', async (_data, job) => {
      // Several lease lengths long: only renewals keep it.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      finished.push(job.id);
    });
    const sweeper = await startQueue(database, SWEEPS_OFTEN);
    const taken: string[] = [];
    await sweeper.work('events.prune', async (_data, job) => void taken.push(job.id));

    const id = await busy.send('events.prune', { olderThanMinutes: 5 });
    await vi.waitFor(async () => expect((await jobState(database, id))?.state).toBe('completed'), {
      timeout: 20_000,
      interval: 200,
    });
    // The sweeper may have fetched it first (both poll); either way exactly one ran it, once.
    expect([...finished, ...taken]).toEqual([id]);
    expect((await jobState(database, id))?.retry_count).toBe(0);
  });

  it('fails a job whose workers keep dying once its retries are used up', async () => {
    const database = await openDatabase();
    const dead = await startQueue(database, NEVER_RENEWS);
    const stuck = stuckHandler();
    cleanup.push(async () => stuck.release());
    await dead.work('events.prune', stuck.handler, { retryLimit: 0 });
    const id = await dead.send('events.prune', { olderThanMinutes: 5 });
    await vi.waitFor(() => expect(stuck.started).toEqual([id]), { timeout: 10_000, interval: 100 });

    const live = await startQueue(database, SWEEPS_OFTEN);
    const abandoned: boolean[] = [];
    const ran: string[] = [];
    await live.work('events.prune', async (_data, job) => void ran.push(job.id), {
      retryLimit: 0,
      onAbandoned: async (_data, job) => void abandoned.push(job.willRetry),
    });
    await vi.waitFor(async () => expect((await jobState(database, id))?.state).toBe('failed'), {
      timeout: 20_000,
      interval: 200,
    });
    expect(abandoned).toEqual([false]);
    expect(ran).toEqual([]);
  });

  it('says a source is retrying while its ingestion is handed on, then ingests it', async () => {
    const database = await openDatabase();
    const bus = await createEventBus(database, testLog);
    cleanup.push(() => bus.close());
    const chatbot = await createTestChatbot(database.db);
    const source = await createTestSource(database.db, {
      chatbot,
      content: 'Parcels leave the warehouse within two working days.',
    });
    const statuses: string[] = [];
    const controller = new AbortController();
    cleanup.push(async () => controller.abort());
    bus.listen(['source.updated'], (event) => statuses.push(event.payload.status), { signal: controller.signal });

    const dead: JobQueue = await startQueue(database, NEVER_RENEWS);
    const stuck = stuckHandler();
    cleanup.push(async () => stuck.release());
    await dead.work('source.ingest', async (data, job) => {
      await database.db
        .update(knowledgeSources)
        .set({ status: 'processing' })
        .where(eq(knowledgeSources.id, source.id));
      await stuck.handler(data, job);
    });
    await dead.send('source.ingest', { sourceId: source.id });
    await vi.waitFor(() => expect(stuck.started).toHaveLength(1), { timeout: 10_000, interval: 100 });

    const live = await startQueue(database, SWEEPS_OFTEN);
    await registerJobs(live, { bus, db: database.db, env: parseEnv({}) });
    await vi.waitFor(
      async () => {
        const [row] = await database.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, source.id));
        expect(row?.status).toBe('ready');
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(statuses).toEqual(['retrying', 'processing', 'ready']);
  });
});
