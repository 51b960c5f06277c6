import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const clientDir = path.resolve(import.meta.dirname, '../../build/client');

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });

/**
 * Strings that exist only in server or database code. If one shows up in the
 * browser bundle, a server module (and whatever secrets it touches) leaked in.
 */
const serverMarkers = [
  'parley_events', // the event bus channel (server/events)
  'event_payloads', // a table name (db/schema)
  '__drizzle_migrations', // drizzle's migrator
  'pg_notify',
  'pgboss', // the job queue's schema
  'PGlite',
  'Parley cannot start', // server/env.ts, server/main.ts
  'process.loadEnvFile',
];

describe('the built browser bundle', () => {
  it('contains no server or database module', () => {
    const scripts = filesUnder(clientDir).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const leaks = scripts.flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return serverMarkers
        .filter((marker) => text.includes(marker))
        .map((marker) => `${path.relative(clientDir, file)}: ${marker}`);
    });
    expect(leaks).toEqual([]);
  });
});
