import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const MAX_LINES = 400;
/** Where source lives; tests, fixtures, generated migrations and build output are not held to the limit. */
const SOURCE_DIRS = ['app', 'server', 'shared', 'db', 'widget/src', 'bench', 'scripts'];
const SOURCE_FILE = /\.(ts|tsx|js|mjs|css)$/;
const EXEMPT = [/\.test\.tsx?$/, /^db\/migrations\//];

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(relative);
    return SOURCE_FILE.test(entry.name) && !EXEMPT.some((pattern) => pattern.test(relative)) ? [relative] : [];
  });

// ESLint's max-lines covers scripts; this also covers the stylesheets it never reads.
describe('source files', () => {
  it(`stay under ${MAX_LINES} lines, so each can be held in mind`, () => {
    const tooLong = SOURCE_DIRS.flatMap(sourceFiles)
      .map((file) => ({ file, lines: fs.readFileSync(path.join(root, file), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(tooLong).toEqual([]);
  });
});
