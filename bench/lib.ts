import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { fromPGlite, pgliteOptions, type Database } from '../db/client';
import { createLogger } from '../server/logger';

/** Benchmarks must not pay for log lines, nor print them between the table rows. */
export const silentLog = createLogger({ level: 'silent' });

/** Nearest-rank percentile: the value below or at which `p` percent of the samples lie. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const median = (samples: number[]) => percentile(samples, 50);

/** Starts a stopwatch; the returned function gives the milliseconds elapsed so far. */
export function startTimer(): () => number {
  const started = performance.now();
  return () => performance.now() - started;
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function makeTempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `parley-bench-${name}-`));
}

/**
 * Several ids often come from one measurement (p50 and p99 of the same
 * samples); this runs it once, when the first of them asks.
 */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => (pending ??= fn());
}

type Template = { dump: Blob; migrateMs: number };

/**
 * A migrated database dumped once per run (as the test setup does), so that
 * each benchmark starts from a fresh copy without paying for initdb and the
 * migrations again. `migrateMs` is what that first creation cost.
 */
export const migratedTemplate = once(async (): Promise<Template> => {
  const elapsed = startTimer();
  const pg = new PGlite({ ...pgliteOptions });
  try {
    await fromPGlite(pg).migrate();
    const migrateMs = elapsed();
    return { dump: await pg.dumpDataDir('none'), migrateMs };
  } finally {
    await pg.close();
  }
});

/** A fresh, migrated in-memory PGlite; the caller closes it. */
export async function openFreshDatabase(): Promise<Database> {
  const { dump } = await migratedTemplate();
  const pg = new PGlite({ loadDataDir: dump, ...pgliteOptions });
  await pg.waitReady;
  return fromPGlite(pg);
}
