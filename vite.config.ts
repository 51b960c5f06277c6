import { vitePlugin as remix } from '@remix-run/dev';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';
import { denyImports } from 'vite-env-only';
import tsconfigPaths from 'vite-tsconfig-paths';

// vitest has its own config, but if this file is ever loaded under it the
// Remix plugin must stay out: it would try to build the whole app per test run.
const isVitest = Boolean(process.env.VITEST);

export default defineConfig({
  // No `server.hmr` here: server/http/server.ts runs Vite in middleware mode
  // and hands it the one http.Server, so HMR shares Parley's port.
  plugins: [
    denyImports({
      // Remix's `.server` convention only covers app/. The top-level server/ and
      // db/ folders hold secrets, the database and the job queue, so the browser
      // build must fail loudly if anything reaches them (type-only imports are
      // erased before resolution and stay allowed). Paths are root-relative;
      // node_modules is excluded because packages such as @trpc/server have
      // their own `server/` folders that the browser legitimately uses.
      client: {
        files: [/^(?!node_modules\/|app\/)(?:.*\/)?(?:server|db)\//],
        specifiers: [
          'postgres',
          /^@electric-sql\//,
          'pg-boss',
          /^pino(?:-[\w-]+)?(?:\/|$)/,
          /^drizzle-orm(?:\/|$)/,
          'ws',
          'express',
        ],
      },
    }),
    tailwindcss(),
    !isVitest &&
      remix({
        appDirectory: 'app',
        buildDirectory: 'build',
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
        },
      }),
    tsconfigPaths(),
  ],
});
