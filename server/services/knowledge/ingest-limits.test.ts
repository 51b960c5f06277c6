import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { knowledgeSources } from '../../../db/schema';
import { createTestChatbot, createTestFileSource } from '../../../tests/factories/chatbots';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { inflatingPdf, manyPagesPdf, nestedHtml } from '../../../tests/helpers/hostile-documents';
import { testLog } from '../../../tests/helpers/log';
import { AppError } from '../../errors';
import type { EventBus } from '../../events/bus';
import { registerJobs } from '../../jobs/handlers';
import { startJobQueue } from '../../jobs/queue';
import { offlineEmbedder } from './embedder';
import { ingestSource } from './ingest';
import { localizedSource } from './stored-message';
import { createDocumentParser, type DocumentParser } from './parse-pool';

/**
 * The uploads that froze the server (a 2 MB page of nested `<div>`s, a PDF
 * whose content stream inflates to 200 MB) and a PDF with too many pages,
 * generated here and ingested for real: each ends failed with the sentence
 * of the limit it crossed, without a retry, while the main thread goes on
 * serving (a timer keeps ticking).
 */

let h: TTestApp;
let database: Database;
let bus: EventBus;
let parser: DocumentParser;

beforeAll(async () => {
  h = await createTestApp();
  ({ database, bus } = h);
  parser = createDocumentParser();
}, 60_000);
afterAll(async () => {
  await parser.close();
  await h.close();
});

const HOSTILE = [
  {
    name: 'a 2 MB page of nested <div>s',
    file: { fileName: 'nested.html', mimeType: 'text/html', bytes: nestedHtml() },
    error: 'This page nests its HTML more than 512 levels deep, which Parley does not read; paste its text instead.',
  },
  {
    name: 'a PDF whose content stream inflates to 200 MB',
    file: { fileName: 'inflating.pdf', mimeType: 'application/pdf', bytes: inflatingPdf() },
    error: 'This PDF expands to more than 50 MB of content; split it or paste its text.',
  },
  {
    name: 'a PDF of 1,001 pages',
    file: { fileName: 'manual.pdf', mimeType: 'application/pdf', bytes: manyPagesPdf(1001) },
    error: 'This PDF has 1,001 pages; Parley reads PDFs of up to 1,000 pages. Split it into smaller files.',
  },
];

const fileSource = async (file: { fileName: string; mimeType: string; bytes: Uint8Array }) =>
  createTestFileSource(database.db, { chatbot: await createTestChatbot(database.db), file });

/** The row with its stored messages (keys) as people read them in English. */
const sourceRow = async (id: string) =>
  localizedSource('en', (await database.db.select().from(knowledgeSources).where(eq(knowledgeSources.id, id)))[0]!);

const flatHtml = (paragraphs: number) => new TextEncoder().encode('<p>a</p>'.repeat(paragraphs));

/** Runs `work` with a 10 ms timer going; returns the longest wait between two of its ticks. */
const longestTimerGap = async (work: () => Promise<unknown>) => {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(longest, performance.now() - last);
};

describe('ingesting hostile documents', () => {
  it.each(HOSTILE)('ends $name failed with its limit, final, the main thread free', async ({ file, error }) => {
    const source = await fileSource(file);
    const gap = await longestTimerGap(() =>
      // Resolves (does not throw): the job succeeds, so the queue does not retry it.
      expect(
        ingestSource({ db: database.db, bus, embedder: offlineEmbedder, parser }, source.id),
      ).resolves.toMatchObject({ result: 'failed', embedded: 0 }),
    );
    expect(await sourceRow(source.id)).toMatchObject({ status: 'failed', error, chunkCount: 0 });
    // Parsing once stalled the main thread for 37 to 90 s per document; now the timer keeps its pace,
    // give or take a busy machine.
    expect(gap).toBeLessThan(1_000);
  });

  it('is not retried by the job queue', async () => {
    const jobs = await startJobQueue(database, testLog, { supervise: false, pollingIntervalSeconds: 0.5 });
    try {
      await registerJobs(jobs, { bus, db: database.db, env: h.env, parser });
      const source = await fileSource(HOSTILE[0]!.file);
      const jobId = await jobs.send('source.ingest', { sourceId: source.id });
      const deadline = Date.now() + 30_000;
      let job: { state: string; retry_count: number } | undefined;
      while (Date.now() < deadline) {
        [job] = await database.rows<{ state: string; retry_count: number }>(
          sql`select state, retry_count from pgboss.job where id = ${jobId}`,
        );
        if (job?.state === 'completed' || job?.state === 'failed') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(job).toEqual({ state: 'completed', retry_count: 0 });
      expect(await sourceRow(source.id)).toMatchObject({ status: 'failed', error: HOSTILE[0]!.error });
    } finally {
      await jobs.stop();
    }
  });

  it('ends a document that takes too long, or needs too much memory, failed with that limit', async () => {
    const outcomes = [];
    for (const [limits, file] of [
      [{ timeoutMs: 200 }, { fileName: 'manual.pdf', mimeType: 'application/pdf', bytes: manyPagesPdf(200) }],
      // Enough heap to start a worker and read small documents, not for a DOM of 250,000 paragraphs.
      [{ memoryMb: 64 }, { fileName: 'long.html', mimeType: 'text/html', bytes: flatHtml(250_000) }],
    ] as const) {
      const strict = createDocumentParser({ limits });
      try {
        const source = await fileSource(file);
        await ingestSource({ db: database.db, bus, embedder: offlineEmbedder, parser: strict }, source.id);
        const row = await sourceRow(source.id);
        outcomes.push([row.status, row.error]);
      } finally {
        await strict.close();
      }
    }
    expect(outcomes).toEqual([
      [
        'failed',
        'Reading this document took longer than 0.2 seconds, so Parley stopped; split it into smaller files or paste its text.',
      ],
      [
        'failed',
        'Reading this document needed more than 64 MB of memory, so Parley stopped; split it into smaller files or paste its text.',
      ],
    ]);
  });

  it('refuses for a retry, not as a limit, when no worker can start', async () => {
    // 4 MB of heap is too little for a worker to start at all: nothing to do with the document.
    const broken = createDocumentParser({ limits: { memoryMb: 4 } });
    try {
      const error = await broken.extract('text', new TextEncoder().encode('Hello.')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(AppError);
    } finally {
      await broken.close();
    }
  });

  it('still reads an ordinary PDF and page through the same workers', async () => {
    const pdf = await fileSource({ fileName: 'manual.pdf', mimeType: 'application/pdf', bytes: manyPagesPdf(3) });
    await ingestSource({ db: database.db, bus, embedder: offlineEmbedder, parser }, pdf.id);
    expect(await sourceRow(pdf.id)).toMatchObject({ status: 'ready', error: null, fileData: null });
    expect((await sourceRow(pdf.id)).content).toContain('A page of the manual');

    const deep = `<html><body>${'<div>'.repeat(400)}<h1>Deep but fine</h1><p>Nested four hundred levels.</p></body></html>`;
    const page = await fileSource({
      fileName: 'deep.html',
      mimeType: 'text/html',
      bytes: new TextEncoder().encode(deep),
    });
    await ingestSource({ db: database.db, bus, embedder: offlineEmbedder, parser }, page.id);
    expect(await sourceRow(page.id)).toMatchObject({
      status: 'ready',
      content: '# Deep but fine\n\nNested four hundred levels.',
    });
  });
});
