import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect } from 'vitest';
import { test } from './fixtures';

/**
 * The widget's size budget: the loader every host page downloads stays under
 * 5 KB gzipped, and the frame's initial JavaScript (frame.html's module script
 * and everything it imports statically; lazy chunks such as the Markdown
 * renderer do not count) under 50 KB gzipped. For scale: Crisp ships about
 * 130 KB, Chatwoot's widget about 170 KB.
 */
const LOADER_BUDGET = 5 * 1024;
const FRAME_BUDGET = 50 * 1024;

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'widget/dist');
const gzipped = (file: string) => gzipSync(fs.readFileSync(file), { level: 9 }).length;

/** `/widget-assets/x.js` (from frame.html) or `./y.js` (from a chunk) → a file in dist. */
const resolveAsset = (ref: string, from: string) =>
  ref.startsWith('/') ? path.join(dist, ref) : path.resolve(path.dirname(from), ref);

/** Static imports only: `import{a}from"./x.js"`, `import"./y.js"` — not `import("./lazy.js")`. */
const STATIC_IMPORT = /\bimport\s*(?:[^'"()]*?\bfrom\s*)?["']((?:\.{1,2}\/|\/)[^"']+\.js)["']/g;

const initialFrameScripts = () => {
  const html = fs.readFileSync(path.join(dist, 'frame.html'), 'utf8');
  const entries = [...html.matchAll(/<script\b[^>]*type="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of fs.readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) visit(resolveAsset(match[1]!, file));
  };
  for (const ref of [...entries, ...preloads]) visit(resolveAsset(ref, path.join(dist, 'frame.html')));
  return { entries, files: [...seen] };
};

describe('the widget build', () => {
  beforeAll(() => {
    // The e2e global setup builds everything when sources changed; a missing frame means an older build.
    if (fs.existsSync(path.join(dist, 'widget.js')) && fs.existsSync(path.join(dist, 'frame.html'))) return;
    const result = spawnSync('npm', ['run', 'build', '--workspace', 'widget'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('The widget build failed; see the output above.');
  });

  test(`keeps the loader under ${LOADER_BUDGET / 1024} KB gzipped`, () => {
    const size = gzipped(path.join(dist, 'widget.js'));
    console.log(`widget.js: ${(size / 1024).toFixed(2)} KB gzipped`);
    expect(size).toBeLessThanOrEqual(LOADER_BUDGET);
  });

  test("keeps the loader a classic script that defines no global but Parley's", () => {
    const text = fs.readFileSync(path.join(dist, 'widget.js'), 'utf8').trim();
    expect(text.startsWith('(function(){')).toBe(true);
    expect(text).not.toMatch(/^\s*(?:import|export)\b/m);
  });

  test(`keeps the frame's initial JavaScript under ${FRAME_BUDGET / 1024} KB gzipped`, () => {
    const { entries, files } = initialFrameScripts();
    expect(entries).toHaveLength(1);
    const sizes = files.map((file) => [path.relative(dist, file), gzipped(file)] as const);
    const total = sizes.reduce((sum, [, size]) => sum + size, 0);
    console.log(`frame initial JS: ${(total / 1024).toFixed(2)} KB gzipped`, Object.fromEntries(sizes));
    expect(total).toBeLessThanOrEqual(FRAME_BUDGET);
  });

  test('builds frame.html with the boot marker in <head> and fingerprinted assets under /widget-assets/', () => {
    const html = fs.readFileSync(path.join(dist, 'frame.html'), 'utf8');
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toContain('<!--parley-boot-->');
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^\/widget-assets\/[\w.-]+-[\w-]{8}\.(js|css)$/);
      expect(fs.existsSync(path.join(dist, ref))).toBe(true);
    }
  });
});
