import fs from 'node:fs';
import path from 'node:path';

/**
 * The V8 flags `npm start` gives Parley, read from its script in
 * package.json, so the processes that stand in for it (benchmark servers,
 * the browser tests' server) run as production does.
 */
export const startNodeFlags = (): string[] =>
  (
    JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
      scripts: { start: string };
    }
  ).scripts.start
    .split(/\s+/)
    .filter((arg) => arg.startsWith('--'));
