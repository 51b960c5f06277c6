/**
 * Entry point of a document-parsing worker thread (parse-pool.ts). A worker
 * inherits the process's Node flags: under `npm start` (`--import tsx`) and
 * `npm run dev` it can import TypeScript as it is; under vitest it starts as
 * plain Node and loads the tasks through tsx's API instead (which fails
 * where tsx is already registered, hence the order).
 */

/** @type {Promise<typeof import('./parse-tasks.ts')> | undefined} */
let tasks;

const load = () =>
  import('./parse-tasks.ts').catch(async (error) => {
    if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { tsImport } = await import('tsx/esm/api');
    return tsImport('./parse-tasks.ts', import.meta.url);
  });

/** @param {import('./parse-tasks.ts').TParseTask} task */
export default async function parse(task) {
  if (!tasks) {
    tasks = load();
    // A failed load is tried again with the next task rather than failing every task after it.
    tasks.catch(() => (tasks = undefined));
  }
  return (await tasks).runParseTask(task);
}
