import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWireDatabase } from '../../tests/helpers/pglite-server';
import { testLog } from '../../tests/helpers/log';
import { startJobQueue } from './queue';

const WORKER = path.resolve(__dirname, '../../tests/helpers/job-worker-process.ts');

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** Starts the worker process and resolves with it and its stdout messages, as they come. */
const startWorker = (databaseUrl: string) => {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, PARLEY_WORKER_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanup.push(async () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
  const messages: Record<string, unknown>[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => messages.push(JSON.parse(line)));
  return { child, messages };
};

const exited = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));

describe('job queue across processes', () => {
  it('finishes, within a minute, the job of a worker process killed with SIGKILL mid-job', async () => {
    // One database two processes share: an in-memory PGlite served over the wire protocol.
    const { database, close, url } = await createWireDatabase({ poolMax: 1, maxConnections: 8 });
    cleanup.push(close);
    // This process sweeps lapsed leases from the start, as every app process does.
    const jobs = await startJobQueue(database, testLog, {
      supervise: false,
      pollingIntervalSeconds: 0.5,
      leases: { sweepSeconds: 0.5 },
    });
    cleanup.push(() => jobs.stop());
    const id = await jobs.send('events.prune', { olderThanMinutes: 5 });

    const worker = startWorker(url);
    await vi.waitFor(() => expect(worker.messages).toContainEqual({ started: id }), { timeout: 60_000, interval: 100 });
    const [lease] = await database.rows<{ job_id: string }>(sql`select job_id from job_leases`);
    expect(lease?.job_id).toBe(id);

    const gone = exited(worker.child);
    worker.child.kill('SIGKILL');
    expect(await gone).toBe('SIGKILL');
    const killedAt = Date.now();

    // Only now does this process work the queue, so the job can only have come from the dead one.
    const done: { id: string; retryCount: number }[] = [];
    await jobs.work('events.prune', async (_data, job) => void done.push({ id: job.id, retryCount: job.retryCount }));
    await vi.waitFor(
      async () => {
        const [job] = await database.rows<{ state: string }>(sql`select state from pgboss.job where id = ${id}`);
        expect(job?.state).toBe('completed');
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(Date.now() - killedAt).toBeLessThan(60_000);
    expect(done).toEqual([{ id, retryCount: 1 }]);
  }, 150_000);
});
