import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';

// Kept apart from vite.config.ts so the Remix plugin never runs under vitest.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{app,server,shared,db,widget,tests,bench,scripts}/**/*.test.{ts,tsx}'],
          // Route modules are pages, never tests, whatever their URL (the chatbot's "test" tab is `….test.tsx`).
          exclude: ['tests/e2e/**', 'app/routes/**', '**/node_modules/**'],
          globalSetup: ['tests/setup/template-db.ts'],
          setupFiles: ['tests/setup/matchers.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          environment: 'node',
          // A file's first test also starts what it names of the shared fixtures (tests/e2e/fixtures.ts):
          // the app, the browser, a signed-up operator. That took up to the hook timeout in beforeAll.
          testTimeout: 300_000,
          hookTimeout: 180_000,
          // Each file starts its own app and browser; two cores fit one at a time.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
