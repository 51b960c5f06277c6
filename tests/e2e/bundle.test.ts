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

  test('loads chart.js only on the pages that draw charts', () => {
    // The Remix manifest lists, per route, the module and every chunk it imports up front; chart.js is
    // found by a message of its own, so a renamed chunk cannot hide it.
    const assets = path.join(clientDir, 'assets');
    const manifestFile = fs.readdirSync(assets).find((name) => /^manifest-.*\.js$/.test(name));
    expect(manifestFile, 'the Remix manifest in build/client/assets').toBeDefined();
    const manifestText = fs.readFileSync(path.join(assets, manifestFile!), 'utf8');
    const manifest = JSON.parse(manifestText.slice(manifestText.indexOf('{'), manifestText.lastIndexOf('}') + 1)) as {
      entry: { module: string; imports?: string[] };
      routes: Record<string, { module: string; imports?: string[] }>;
    };
    const carriesChartJs = (file: string) =>
      fs.readFileSync(path.join(clientDir, file), 'utf8').includes('Canvas is already in use');
    const chartChunks = filesUnder(assets)
      .map((file) => `/${path.relative(clientDir, file)}`)
      .filter((file) => file.endsWith('.js') && carriesChartJs(file));
    expect(chartChunks.length, 'chart.js is in the build at all').toBeGreaterThan(0);

    const initialGraph = (route: { module: string; imports?: string[] }) => [route.module, ...(route.imports ?? [])];
    const allowed = new Set(['routes/admin.system']);
    const carriers = [
      ...(initialGraph(manifest.entry).some((file) => chartChunks.includes(file)) ? ['entry.client'] : []),
      ...Object.entries(manifest.routes)
        .filter(([id]) => !allowed.has(id))
        .filter(([, route]) => initialGraph(route).some((file) => chartChunks.includes(file)))
        .map(([id]) => id),
    ];
    expect(carriers).toEqual([]);
    // Analytics and Usage draw charts too, but only once the page runs in the browser (React.lazy).
    for (const id of ['routes/app.analytics', 'routes/app.usage']) expect(manifest.routes[id]).toBeDefined();
  });
});
