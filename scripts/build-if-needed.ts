import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
/** What `npm run build` writes last, one file per artefact. */
const outputs = ['build/server/index.js', 'widget/dist/widget.js'];
/** What the production build is made from; anything newer than the build means building again. */
const inputs = ['app', 'widget/src', 'public', 'vite.config.ts', 'widget/vite.config.ts', 'package-lock.json'];

const newestChange = (entry: string): number => {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(full).map((name) => newestChange(path.join(entry, name))));
};

export function isBuildCurrent() {
  const built = outputs.map((file) => path.join(root, file));
  if (!built.every((file) => fs.existsSync(file))) return false;
  const builtAt = Math.min(...built.map((file) => fs.statSync(file).mtimeMs));
  return inputs.every((entry) => newestChange(entry) <= builtAt);
}

/** Builds the web app and the widget unless the last build is newer than every input. */
export function ensureBuilt(options: { log?: (line: string) => void } = {}) {
  if (isBuildCurrent()) return false;
  options.log?.('Building Parley for production (first start, or the sources changed)…');
  // Under vitest (the browser tests' setup) its variables must not reach the build:
  // vite.config.ts leaves the Remix plugin out when it sees VITEST.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('The build failed; see the output above.');
  return true;
}
