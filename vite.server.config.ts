import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * The server as one ahead-of-time bundle for `npm start`: Node runs plain
 * JavaScript instead of compiling TypeScript through tsx at every start,
 * which costs ~120 MB of resident memory at idle (decision 0010). Packages
 * stay in node_modules (Vite's SSR build leaves them external).
 *
 * Every output sits in build/app/, two levels below the root like the
 * sources that find files relative to themselves (server/http/server.ts
 * finds build/ and widget/dist from there; parse-pool.ts and db/client.ts
 * find the scripts they start beside them), and the migrations are copied next to db/migrate.ts's bundle.
 */
const outDir = 'build/app';

export default defineConfig({
  logLevel: 'warn',
  publicDir: false,
  build: {
    ssr: true,
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: {
        production: 'server/production.ts',
        'parse-worker': 'server/services/knowledge/parse-worker.mjs',
        'create-data-dir': 'db/create-data-dir.mjs',
      },
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
    },
  },
  plugins: [
    {
      name: 'parley-copy-migrations',
      writeBundle() {
        fs.cpSync('db/migrations', path.join(outDir, 'migrations'), { recursive: true });
      },
    },
  ],
});
