import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/client';
import { eventPayloads } from '../../db/schema';
import { createTestDatabase } from '../../tests/helpers/db';
import { createWireDatabase } from '../../tests/helpers/pglite-server';
import { testLog } from '../../tests/helpers/log';
import { parseEnv } from '../env';
import { createEventBus } from '../events/bus';
import { registerJobs } from './handlers';
import { startJobQueue } from './queue';

describe('job queue', () => {
  // Two starts of an embedded database on disk (initdb, then every migration): past 30 s on a busy machine.
  it('runs a job that was enqueued before a restart once the app is back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-jobs-'));
    try {
      // First life: enqueue, then stop before any worker picks it up.
      const first = await openDatabase({ dataDir });
      await first.migrate();
      const [stale] = await first.db
        .insert(eventPayloads)
        .values({ type: 'system.notice', payload: {}, createdAt: new Date(Date.now() - 86_400_000) })
        .returning();
      const queue = await startJobQueue(first, testLog, { supervise: false });
      expect(await queue.send('events.prune', { olderThanMinutes: 60 })).toEqual(expect.any(String));
      await queue.stop();
      await first.close();

      // Second life: the job is still there and runs.
      const second = await openDatabase({ dataDir });
      await second.migrate();
      const bus = await createEventBus(second, testLog);
      const jobs = await startJobQueue(second, testLog, { supervise: false, pollingIntervalSeconds: 0.5 });
      await registerJobs(jobs, { bus, db: second.db, env: parseEnv({}) });
      await vi.waitFor(
        async () => {
          const rows = await second.db.select().from(eventPayloads).where(eq(eventPayloads.id, stale!.id));
          expect(rows).toEqual([]);
        },
        { timeout: 15_000, interval: 200 },
      );
      await jobs.stop();
      await bus.close();
      await second.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it.each([
    [
      'PGlite',
      async () => {
        const database = await createTestDatabase();
        return { database, close: () => database.close() };
      },
    ],
    ['postgres.js', () => createWireDatabase({ poolMax: 1 })],
  ])('retries a failing job with backoff, then leaves it failed (dead) with its error (%s)', async (_driver, open) => {
    const { database, close } = await open();
    const jobs = await startJobQueue(database, testLog, { supervise: false, pollingIntervalSeconds: 0.5 });
    const attempts: number[] = [];
    await jobs.work(
      'events.prune',
      async (_data, job) => {
        attempts.push(job.retryCount);
        throw new Error('receiver is down');
      },
      { retryLimit: 2, retryDelaySeconds: 1 },
    );
    const id = await jobs.send('events.prune', { olderThanMinutes: 1 });
    await vi.waitFor(
      async () => {
        const [job] = await database.rows<{ state: string; output: { message?: string } }>(
          sql`select state, output from pgboss.job where id = ${id}`,
        );
        expect(job?.state).toBe('failed');
        expect(job?.output.message).toBe('receiver is down');
      },
      { timeout: 20_000, interval: 250 },
    );
    expect(attempts).toEqual([0, 1, 2]);
    await jobs.stop();
    await close();
  });

  it('wakes idle workers of another process when a job is sent, not at their next poll', async () => {
    const pglite = await createTestDatabase();
    // Seen as Postgres, the queue wakes other processes by NOTIFY; PGlite delivers it in-process.
    const database = { ...pglite, kind: 'postgres' as const };
    const sender = await startJobQueue(database, testLog, { supervise: false });
    const idle = await startJobQueue(database, testLog, { supervise: false, pollingIntervalSeconds: 600 });
    const done: string[] = [];
    await idle.work('events.prune', async (_data, job) => void done.push(job.id));
    // Past the worker's first (empty) fetch: from here only a wake-up, or ten minutes, brings the job.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const id = await sender.send('events.prune', { olderThanMinutes: 5 });
    await vi.waitFor(() => expect(done).toEqual([id]), { timeout: 20_000, interval: 100 });
    await sender.stop();
    await idle.stop();
    await pglite.close();
  }, 60_000);
});
