// Builds @parley/client: the runtime (tsc, src → dist) and the AppRouter types, emitted from
// Parley's own source as declarations (tsc emitDeclarationOnly, tsconfig.types.json) into
// dist/types, so a project that installs only this package gets every input and output type.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const tsc = (project) => execFileSync('npx', ['tsc', '-p', project], { cwd: here, stdio: 'inherit' });
rmSync(path.join(here, 'dist'), { recursive: true, force: true });
tsc('tsconfig.json');
tsc('tsconfig.types.json');

// Domains add events and jobs by module augmentation from their own files; importing every
// emitted declaration once makes all of them part of the types a consumer sees.
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.d.ts')) files.push(full);
  }
};
walk(path.join(here, 'dist/types'));
const rel = (file) => './' + path.relative(path.join(here, 'dist'), file).replace(/\.d\.ts$/, '.js');
writeFileSync(
  path.join(here, 'dist/router.d.ts'),
  files.map((file) => `import '${rel(file)}';`).join('\n') +
    `\nexport type { AppRouter } from './types/server/trpc/router.js';\n`,
);
writeFileSync(path.join(here, 'dist/router.js'), 'export {};\n');

// Parley's source imports without extensions (a bundler resolves them); Node's ESM resolution, which
// TypeScript's NodeNext mirrors, needs them. Every relative specifier gets the file it names.
const SPECIFIER = /(from\s+|import\(|module\s+)(['"])(\.{1,2}\/[^'"]+)\2/g;
for (const file of files) {
  const dir = path.dirname(file);
  const text = readFileSync(file, 'utf8').replace(SPECIFIER, (whole, lead, quote, spec) => {
    if (/\.js$/.test(spec)) return whole;
    const target = path.join(dir, spec);
    if (existsSync(`${target}.d.ts`)) return `${lead}${quote}${spec}.js${quote}`;
    if (existsSync(path.join(target, 'index.d.ts'))) return `${lead}${quote}${spec}/index.js${quote}`;
    return whole;
  });
  writeFileSync(file, text);
}
