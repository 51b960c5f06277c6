import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { TAdminContext } from './context';

/** Bytes of every file under `dir` (the embedded database's folder); 0 when it cannot be read. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await fs.stat(full).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/**
 * What the installation stores besides rows: uploaded knowledge files and the
 * text extracted from sources (what workspaces' storage limits count), and,
 * for the embedded database, its folder on disk (what a backup copies).
 * `octet_length` reads a stored value's size without loading it.
 */
export async function storageOverview(ctx: Pick<TAdminContext, 'database' | 'env'>) {
  const [[knowledge], dataDirBytes] = await Promise.all([
    ctx.database.rows<{ files: number; fileBytes: number; textBytes: number }>(sql`
      select count(*) filter (where file_data is not null)::int as files,
        coalesce(sum(octet_length(file_data)), 0)::float8 as "fileBytes",
        coalesce(sum(octet_length(content)), 0)::float8 as "textBytes"
      from knowledge_sources`),
    ctx.database.kind === 'pglite' ? folderBytes(path.resolve(ctx.env.DATA_DIR)) : Promise.resolve(null),
  ]);
  return {
    knowledgeFiles: Number(knowledge?.files ?? 0),
    knowledgeFileBytes: Number(knowledge?.fileBytes ?? 0),
    knowledgeTextBytes: Number(knowledge?.textBytes ?? 0),
    /** Null on Postgres: its disk is the database server's. */
    dataDirBytes,
  };
}
