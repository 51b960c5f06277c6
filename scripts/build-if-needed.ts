import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/**
 * What `npm run build` makes, one part at a time: the file each part writes
 * last, what it is made from, and its npm script. A part is built again only
 * when one of its inputs is newer than its output, so a change to the server
 * rebuilds the server bundle in seconds, not the whole web app.
 */
const parts = [
  {
    name: 'web app',
    output: 'build/server/index.js',
    inputs: ['app', 'shared', 'public', 'vite.config.ts', 'package-lock.json'],
    script: 'build:web',
  },
  {
    name: 'widget',
    output: 'widget/dist/widget.js',
    inputs: ['widget/src', 'shared', 'widget/vite.config.ts', 'package-lock.json'],
    script: 'build:widget',
  },
  {
    name: 'server',
    output: 'build/app/production.mjs',
    inputs: ['server', 'db', 'shared', 'vite.server.config.ts', 'package-lock.json'],
    script: 'build:server',
  },
];

const newestChange = (entry: string): number => {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(full).map((name) => newestChange(path.join(entry, name))));
};

const isCurrent = (part: (typeof parts)[number]) => {
  const output = path.join(root, part.output);
  if (!fs.existsSync(output)) return false;
  const builtAt = fs.statSync(output).mtimeMs;
  return part.inputs.every((entry) => newestChange(entry) <= builtAt);
};

export function isBuildCurrent() {
  return parts.every(isCurrent);
}

/** Builds each part of the production build that is older than one of its inputs. */
export function ensureBuilt(options: { log?: (line: string) => void } = {}) {
  const stale = parts.filter((part) => !isCurrent(part));
  if (stale.length === 0) return false;
  options.log?.(
    `Building Parley for production (${stale.map((part) => part.name).join(', ')}: first start, or the sources changed)…`,
  );
  // Under vitest (the browser tests' setup) its variables must not reach the build:
  // vite.config.ts leaves the Remix plugin out when it sees VITEST.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  // Checked again part by part: the web app's build empties build/, taking the server bundle with it.
  for (const part of parts) {
    if (isCurrent(part)) continue;
    const result = spawnSync('npm', ['run', part.script], {
      cwd: root,
      stdio: 'inherit',
      env: { ...env, NODE_ENV: 'production' },
      // npm is npm.cmd on Windows, which only a shell runs.
      shell: process.platform === 'win32',
    });
    if (result.status !== 0) throw new Error(`The build of the ${part.name} failed; see the output above.`);
  }
  return true;
}
