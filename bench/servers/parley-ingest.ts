/**
 * The Parley side of `ingest.stall_ms`: the real server (HTTP, job queue,
 * document-parsing workers, embedded PGlite) in a process of its own, so the
 * benchmark can time its `/healthz` from outside. Prints one JSON line when
 * ready. On an IPC 'ingest' message it stores the hostile uploads as file
 * sources and queues their `source.ingest` jobs, as an upload does; once every
 * one has ended it answers with their statuses and errors.
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

async function ingestHostileFiles() {
  const ids: string[] = [];
  // One file at a time, stored then queued, as the upload procedure does for each upload.
  for (const file of files) {
    const source = await createTestFileSource(db, { chatbot, file });
    ids.push(source.id);
    await parley.deps.jobs.send('source.ingest', { sourceId: source.id });
  }
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
process.on('message', (message) => {
  if (message !== 'ingest') return;
  void ingestHostileFiles().then((rows) => process.send?.({ rows }));
});

console.log(JSON.stringify({ port: parley.port }));
