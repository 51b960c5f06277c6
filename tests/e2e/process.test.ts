import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { freePort } from '../helpers/net';
import { test } from './fixtures';
import { spawnApp, startApp } from './helpers/app';

describe('the Parley process, as `npm start` runs it', () => {
  test('serves, refuses a second process on its data folder, stops cleanly and keeps its data', async ({ app }) => {
    try {
      const ready = await (await fetch(`${app.url}/readyz`)).json();
      expect(ready).toMatchObject({ status: 'ok', database: 'pglite', migrations: { isCurrent: true } });
      const landing = await fetch(app.url);
      expect(landing.status).toBe(200);
      const html = await landing.text();
      expect(html).toContain('Parley');
      // The installation's health is in the footer for platform admins only, never for a stranger.
      expect(html).not.toContain('Database: PGlite');
      expect((await fetch(`${app.url}/widget.js`)).status).toBe(200);

      // A second process on the same folder must refuse, naming the holder.
      const second = spawnApp({ dataDir: app.dataDir, port: await freePort() });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain('already in use by another Parley process');
      expect(second.output()).toContain(`pid ${app.child.pid}`);
    } finally {
      expect(await app.stop()).toBe(0);
    }
    expect(app.output()).not.toMatch(/did not finish|error while shutting down/);
    // A graceful stop releases the folder.
    expect(fs.existsSync(path.join(app.dataDir, 'parley.lock'))).toBe(false);

    // Stopped the moment it answers, while its job workers are still starting: as clean a stop.
    const again = await startApp({ dataDir: app.dataDir });
    try {
      const ready = await (await fetch(`${again.url}/readyz`)).json();
      expect(ready).toMatchObject({ status: 'ok', migrations: { isCurrent: true } });
      expect(await again.stop()).toBe(0);
      expect(again.output()).not.toMatch(/did not finish|error while shutting down/);
      expect(fs.existsSync(path.join(app.dataDir, 'parley.lock'))).toBe(false);
    } finally {
      fs.rmSync(app.dataDir, { recursive: true, force: true });
    }
  });
});
