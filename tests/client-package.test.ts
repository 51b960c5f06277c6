import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { startParley, type Parley } from '../server/app';
import { parseEnv } from '../server/env';
import { sessionCookieName } from '../server/services/account/cookies';
import { createSession } from '../server/services/account/sessions';
import { createTestWorkspace } from './factories/workspaces';
import { createTestDatabase } from './helpers/db';
import { testLog } from './helpers/log';
import { httpClientTo } from './helpers/ws';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const versionOf = async (pkg: string) =>
  (
    (await import(path.join(root, 'node_modules', pkg, 'package.json'), { with: { type: 'json' } })) as {
      default: { version: string };
    }
  ).default.version;

/**
 * What a developer gets from npm: the packed @parley/client installed alone
 * in an empty project, the example run against a real Parley server, and
 * the example type-checked with nothing of Parley's source in reach.
 */
let project: string;
let database: Database;
let parley: Parley;
const env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
beforeAll(async () => {
  project = mkdtempSync(path.join(tmpdir(), 'parley-client-'));
  // `npm pack` runs prepack: the runtime and the AppRouter declarations are built fresh.
  await run('npm', ['pack', '--pack-destination', project], { cwd: path.join(root, 'client') });
  const tarball = readdirSync(project).find((name) => name.endsWith('.tgz'))!;
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'client-consumer',
      private: true,
      type: 'module',
      dependencies: { '@parley/client': `file:./${tarball}` },
      devDependencies: { '@types/node': await versionOf('@types/node') },
    }),
  );
  writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: ['node'],
      },
      include: ['*.ts'],
    }),
  );
  copyFileSync(path.join(root, 'examples/quickstart.ts'), path.join(project, 'quickstart.ts'));
  // Types that are really there: were AppRouter `any`, these expected errors would be errors themselves.
  writeFileSync(
    path.join(project, 'types-are-real.ts'),
    `import { createParleyClient } from '@parley/client';
const parley = createParleyClient({ url: 'http://localhost', apiKey: 'pk_live_x' });
// @ts-expect-error a chatbot's name is text
void parley.chatbot.create.mutate({ workspaceId: 'w', name: 1, template: 'support' });
// @ts-expect-error no such procedure
void parley.chatbot.nothingHere.query();
export const names = async () => (await parley.chatbot.list.query({ workspaceId: 'w' })).map((bot) => bot.name.toUpperCase());
`,
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project });

  database = await createTestDatabase();
  parley = await startParley(env, testLog, { database, serveWebApp: false });
}, 600_000);
afterAll(async () => {
  await parley?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('@parley/client from its package alone', () => {
  it('runs the quickstart: chatbot, source, streamed answer with citations, inbox event', async () => {
    const { workspace, owner } = await createTestWorkspace(database.db, { name: 'Client test' });
    const { token } = await createSession(database.db, { userId: owner.id });
    const team = httpClientTo(parley.url, { cookie: `${sessionCookieName(env)}=${token}` });
    const { secret } = await team.developer.createKey.mutate({
      workspaceId: workspace.id,
      name: 'Quickstart',
      scopes: ['chatbots:write', 'knowledge:read', 'knowledge:write', 'chat', 'conversations:read'],
    });
    const { stdout, stderr } = await run(bin('tsx'), ['quickstart.ts'], {
      cwd: project,
      env: { ...process.env, PARLEY_URL: parley.url, PARLEY_API_KEY: secret, PARLEY_WORKSPACE_ID: workspace.id },
      timeout: 60_000,
    }).catch((error: { stdout: string; stderr: string }) => error);
    expect(stderr).toBe('');
    expect(stdout).toContain('source ready');
    expect(stdout).toMatch(/answer: .*ship/is);
    expect(stdout).toMatch(/citation \[S1\] Shipping policy/);
    expect(stdout).toMatch(/inbox saw conversation [0-9a-f-]{36}/);
  }, 90_000);

  it('type-checks the example with the bundled AppRouter types', async () => {
    const result = await run('node', [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], {
      cwd: project,
    }).catch((error: { stdout: string }) => ({ stdout: error.stdout, failed: true }));
    expect(result.stdout).toBe('');
  }, 60_000);
});
