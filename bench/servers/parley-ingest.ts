/**
 * The Parley side of `ingest.stall_ms`: the real server (HTTP, job queue,
 * document-parsing workers, embedded PGlite) in a process of its own, so the
 * benchmark can time its `/healthz` from outside. Prints one JSON line when
 * ready. On an IPC `{ store }` message it stores the hostile uploads as file
 * sources and answers with their ids; on `{ ingest: ids }` it queues their
 * `source.ingest` jobs, as an upload does, and once every one has ended
 * answers with their statuses and errors.
 */
import { inArray } from 'drizzle-orm';
import { knowledgeSources } from '../../db/schema';
import { startParley } from '../../server/app';
import { parseEnv } from '../../server/env';
import { createTestChatbot, createTestFileSource } from '../../tests/factories/chatbots';
import { inflatingPdf, manyPagesPdf, nestedHtml } from '../../tests/helpers/hostile-documents';
import { openFreshDatabase, sleep, silentLog } from '../lib';

const database = await openFreshDatabase();
const env = parseEnv({ NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
const parley = await startParley(env, silentLog, { database, serveWebApp: false });
const db = database.db;
const chatbot = await createTestChatbot(db, { name: 'Ingest bench' });

const files = [
  { fileName: 'nested.html', mimeType: 'text/html', bytes: nestedHtml() },
  { fileName: 'inflating.pdf', mimeType: 'application/pdf', bytes: inflatingPdf() },
  { fileName: 'manual.pdf', mimeType: 'application/pdf', bytes: manyPagesPdf(1001) },
];

/** Stores the hostile uploads as pending file sources, as the upload procedure stores each file. */
async function storeHostileFiles() {
  const ids: string[] = [];
  for (const file of files) ids.push((await createTestFileSource(db, { chatbot, file })).id);
  return ids;
}

/** Queues their `source.ingest` jobs (as the upload procedure then does) and waits for every one to end. */
async function ingest(ids: string[]) {
  for (const id of ids) await parley.deps.jobs.send('source.ingest', { sourceId: id });
  for (;;) {
    const rows = await db
      .select({ status: knowledgeSources.status, error: knowledgeSources.error })
      .from(knowledgeSources)
      .where(inArray(knowledgeSources.id, ids));
    if (rows.every((row) => row.status === 'ready' || row.status === 'failed')) return rows;
    await sleep(50);
  }
}

process.on('SIGTERM', () => void parley.close().then(() => process.exit(0)));
process.on('message', (message: { store?: true; ingest?: string[] }) => {
  if (message.store) void storeHostileFiles().then((ids) => process.send?.({ ids }));
  if (message.ingest) void ingest(message.ingest).then((rows) => process.send?.({ rows }));
});

console.log(JSON.stringify({ port: parley.port }));
