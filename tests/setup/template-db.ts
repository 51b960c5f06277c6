import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { fromPGlite, pgliteOptions } from '../../db/client';
import { migrationsFolder } from '../../db/migrate';

/**
 * Migrates one in-memory PGlite and dumps its data folder; every test file
 * then restores a fresh copy of it (about a second) instead of running
 * initdb and every migration again. The dump is cached by a hash of the
 * migrations, so it is rebuilt only when they change.
 */
export default async function setup(project: TestProject) {
  const hash = crypto.createHash('sha256');
  for (const file of fs.readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const full = path.join(migrationsFolder, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  const dir = path.resolve('node_modules/.cache/parley-test');
  const file = path.join(dir, `template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const pg = new PGlite({ ...pgliteOptions });
    const database = fromPGlite(pg);
    await database.migrate();
    const dump = await pg.dumpDataDir('none');
    await pg.close();
    const temporary = `${file}.${process.pid}`;
    fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(temporary, file);
  }
  project.provide('templateDbPath', file);
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDbPath: string;
  }
}
