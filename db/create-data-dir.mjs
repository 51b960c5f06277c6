/**
 * A child process that creates and migrates a new embedded database folder,
 * then exits (db/client.ts, `openDatabase`). Creating a cluster leaves ~100
 * MB of freed memory the allocator keeps, so it happens in a process that
 * ends. Started with the parent's Node flags: under `npm start` this is the
 * bundle's plain JavaScript, under `npm run dev` tsx is registered and the
 * TypeScript imports as it is; elsewhere tsx's API loads it.
 */
const load = () =>
  import('./client.ts').catch(async (error) => {
    if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { tsImport } = await import('tsx/esm/api');
    return tsImport('./client.ts', import.meta.url);
  });

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: create-data-dir.mjs <data folder>');
const { createDataDir } = await load();
await createDataDir(dataDir);
