import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { test } from './fixtures';

const root = path.resolve(import.meta.dirname, '../..');
const clientDir = path.join(root, 'build/client');

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });

/**
 * Strings that exist only in server or database code, each with a file that
 * holds it (checked below, so the list cannot go stale). If one shows up in
 * the browser bundle, a server module — and whatever secrets it touches —
 * leaked in.
 */
const serverMarkers: Record<string, string> = {
  parley_events: 'server/events/bus.ts', // the event bus channel
  event_payloads: 'db/schema/events.ts',
  'Parley cannot start': 'server/env.ts',
  'process.loadEnvFile': 'server/env.ts',
  __drizzle_migrations: 'node_modules/drizzle-orm/pg-core/dialect.js',
  pgboss: 'node_modules/pg-boss/src/plans.js',
  'pglite.wasm': 'node_modules/@electric-sql/pglite/dist/pglite.js',
  'SCRAM-SHA-256': 'node_modules/postgres/src/connection.js',
};

describe('the built browser bundle', () => {
  test('is checked for markers that really are in server code', () => {
    for (const [marker, file] of Object.entries(serverMarkers)) {
      expect(fs.readFileSync(path.resolve(root, file), 'utf8'), `${marker} in ${file}`).toContain(marker);
    }
  });

  test('contains no server or database module', () => {
    const scripts = filesUnder(clientDir).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const leaks = scripts.flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return Object.keys(serverMarkers)
        .filter((marker) => text.includes(marker))
        .map((marker) => `${path.relative(clientDir, file)}: ${marker}`);
    });
    expect(leaks).toEqual([]);
  });
});
