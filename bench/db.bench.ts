import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from '../db/client';
import { median, migratedTemplate, round, startTimer } from './lib';
import type { Benchmark } from './types';

const RESTORES = 5;

export const benchmarks: Benchmark[] = [
  {
    id: 'db.fresh_test_database_ms',
    description: 'Restoring a fresh migrated PGlite from a dump, as each test file does',
    run: async () => {
      const { dump, migrateMs } = await migratedTemplate();
      const samples: number[] = [];
      for (let i = 0; i < RESTORES; i++) {
        const elapsed = startTimer();
        const pg = new PGlite({ loadDataDir: dump, ...pgliteOptions });
        await pg.waitReady;
        samples.push(elapsed());
        await pg.close();
      }
      return {
        value: Math.round(median(samples)),
        unit: 'ms',
        baseline: Math.round(migrateMs),
        target: 1500,
        notes: `median of ${RESTORES} restores of a ${round(dump.size / 1024 / 1024)} MB dump; baseline = initdb + every migration from scratch (one sample). Every test file pays this once, so it bounds how far the suite scales.`,
      };
    },
  },
];
