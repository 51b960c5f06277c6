import { tracked } from '@trpc/server';
import { z } from 'zod';
import { MAX_FILE_BYTES, SUPPORTED_FILES } from '../../../services/knowledge/extract';
import {
  createCrawlSource,
  createFaqSource,
  createFileSource,
  createSitemapSource,
  createTextSource,
  createUrlSource,
  deleteSource,
  listSources,
  retrySource,
  searchSources,
  updateFaqSource,
  watchSources,
  ZSourceUrl,
} from '../../../services/knowledge/sources';
import {
  getSource,
  renameSource,
  replaceFileSource,
  setSyncInterval,
  syncSourceNow,
  updateTextSource,
} from '../../../services/knowledge/source-edits';
import { router, workspaceProcedure } from '../../procedures';

// Any string: the services answer NOT_FOUND for a malformed id like for one from another workspace.
const ZChatbotRef = z.object({ chatbotId: z.string({ error: 'Choose a chatbot.' }).max(100) });
const ZSourceRef = z.object({ sourceId: z.string({ error: 'Choose a source.' }).max(100) });

export const ZSourceTitle = z
  .string({ error: 'Enter a title.' })
  .trim()
  .min(1, 'Enter a title.')
  .max(200, 'Keep the title to 200 characters or fewer.');
export const ZSourceText = z
  .string({ error: 'Paste some text.' })
  .min(1, 'Paste some text.')
  .max(200_000, 'Keep the text to 200,000 characters or fewer; split longer documents into several sources.')
  // Whitespace alone would only fail later, in ingestion.
  .refine((text) => text.trim().length > 0, 'Paste some text.');
export const ZFaqQuestion = z
  .string({ error: 'Enter the question.' })
  .trim()
  .min(1, 'Enter the question.')
  .max(300, 'Keep the question to 300 characters or fewer.');
export const ZFaqAnswer = z
  .string({ error: 'Enter the answer.' })
  .trim()
  .min(1, 'Enter the answer.')
  .max(5000, 'Keep the answer to 5,000 characters or fewer.');

export const ZFileName = z
  .string({ error: 'Name the file.' })
  .trim()
  // Some browsers send a path ("C:\\fakepath\\guide.pdf"); only the name is meaningful.
  .transform((name) => name.split(/[\\/]/).pop()!.trim())
  .pipe(
    z
      .string()
      // Aborts: an empty name needs no second message about its extension.
      .min(1, { error: 'Name the file.', abort: true })
      .max(200, 'Keep the file name to 200 characters or fewer.')
      .regex(/\.[a-z0-9]+$/i, `Give the file an extension: ${SUPPORTED_FILES}.`),
  );

/** Base64 is 4 characters per 3 bytes; the exact decoded size is checked again in the service. */
const MAX_BASE64_CHARS = Math.ceil(MAX_FILE_BYTES / 3) * 4;
export const ZFileContent = z
  .string({ error: 'Choose a file.' })
  .min(1, 'The file is empty.')
  .max(MAX_BASE64_CHARS, 'The file is larger than 10 MB; files can be at most 10 MB.')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file did not arrive intact; choose it again.');

const ZCrawlPattern = z
  .string()
  .trim()
  .min(1, 'Remove the empty pattern.')
  .max(200, 'Keep each pattern to 200 characters or fewer.')
  .refine((value) => value.startsWith('/') || value.startsWith('*'), 'Start each pattern with / or *, like /blog/*.');

export const sourceRouter = router({
  /** The chatbot's sources (top-level and sitemap pages), newest first. */
  list: workspaceProcedure('agent')
    .meta({
      apiScope: 'knowledge:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}/sources',
        summary: "List a chatbot's knowledge sources",
      },
    })
    .input(ZChatbotRef)
    .query(({ ctx, input }) => listSources(ctx, input)),

  createText: workspaceProcedure('admin')
    .meta({
      apiScope: 'knowledge:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}/sources/text',
        summary: 'Add a text or Markdown source',
      },
    })
    .input(ZChatbotRef.extend({ title: ZSourceTitle, content: ZSourceText }))
    .mutation(({ ctx, input }) => createTextSource(ctx, input)),

  createFaq: workspaceProcedure('admin')
    .meta({
      apiScope: 'knowledge:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}/sources/faq',
        summary: 'Add a question and answer',
      },
    })
    .input(ZChatbotRef.extend({ question: ZFaqQuestion, answer: ZFaqAnswer }))
    .mutation(({ ctx, input }) => createFaqSource(ctx, input)),

  /** An uploaded .txt, .md, .html or .pdf file (at most 10 MB), sent as base64. */
  createFile: workspaceProcedure('admin')
    .meta({
      apiScope: 'knowledge:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}/sources/file',
        summary: 'Add a file (base64)',
      },
    })
    .input(ZChatbotRef.extend({ fileName: ZFileName, contentBase64: ZFileContent }))
    .mutation(({ ctx, input }) => createFileSource(ctx, input)),

  /** One public web page, fetched by the ingestion job. */
  createUrl: workspaceProcedure('admin')
    .meta({
      apiScope: 'knowledge:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}/sources/url',
        summary: 'Add a web page',
      },
    })
    .input(ZChatbotRef.extend({ url: ZSourceUrl }))
    .mutation(({ ctx, input }) => createUrlSource(ctx, input)),

  /** A sitemap (or sitemap index): its same-site pages, up to 200, become sources under it. */
  createSitemap: workspaceProcedure('admin')
    .meta({
      apiScope: 'knowledge:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}/sources/sitemap',
        summary: "Add a sitemap's pages",
      },
    })
    .input(ZChatbotRef.extend({ url: ZSourceUrl }))
    .mutation(({ ctx, input }) => createSitemapSource(ctx, input)),

  /** A whole site from one address: same origin, robots.txt honoured, within the given scope and limits. */
  createCrawl: workspaceProcedure('admin')
    .input(
      ZChatbotRef.extend({
        url: ZSourceUrl,
        pathPrefix: z
          .string()
          .trim()
          .max(500, 'Keep the path prefix to 500 characters or fewer.')
          .refine((value) => value === '' || value.startsWith('/'), 'Start the path prefix with /, like /help/.')
          .optional(),
        include: z.array(ZCrawlPattern).max(20, 'Give at most 20 patterns.').optional(),
        exclude: z.array(ZCrawlPattern).max(20, 'Give at most 20 patterns.').optional(),
        maxPages: z.number().int().min(1, 'Crawl at least 1 page.').max(500, 'Crawl at most 500 pages.').optional(),
        maxDepth: z
          .number()
          .int()
          .min(0, 'The depth cannot be negative.')
          .max(10, 'Follow links at most 10 deep.')
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => createCrawlSource(ctx, input)),

  /** Edits the pair in place and re-ingests it. */
  updateFaq: workspaceProcedure('admin')
    .meta({
      apiScope: 'knowledge:write',
      openapi: {
        method: 'PATCH',
        path: '/workspaces/{workspaceId}/sources/{sourceId}/faq',
        summary: 'Change a question and answer',
      },
    })
    .input(ZSourceRef.extend({ question: ZFaqQuestion, answer: ZFaqAnswer }))
    .mutation(({ ctx, input }) => updateFaqSource(ctx, input)),

  /** One source, for its edit page (pasted text with its text). */
  get: workspaceProcedure('agent')
    .input(ZSourceRef)
    .query(({ ctx, input }) => getSource(ctx, input)),

  /** Pasted text edited in place; only changed chunks are embedded again. */
  updateText: workspaceProcedure('admin')
    .input(ZSourceRef.extend({ title: ZSourceTitle, content: ZSourceText }))
    .mutation(({ ctx, input }) => updateTextSource(ctx, input)),

  /** A new version of an uploaded file, same source. */
  replaceFile: workspaceProcedure('admin')
    .input(ZSourceRef.extend({ fileName: ZFileName, contentBase64: ZFileContent }))
    .mutation(({ ctx, input }) => replaceFileSource(ctx, input)),

  /** The title visitors see in citations. */
  rename: workspaceProcedure('admin')
    .input(ZSourceRef.extend({ title: ZSourceTitle }))
    .mutation(({ ctx, input }) => renameSource(ctx, input)),

  /** How often a web page, sitemap or crawled site is fetched again. */
  setSyncInterval: workspaceProcedure('admin')
    .input(
      ZSourceRef.extend({
        interval: z.enum(['off', 'shortest', 'hourly', 'daily', 'weekly'], {
          error: 'Choose how often to sync: off, shortest, hourly, daily or weekly.',
        }),
      }),
    )
    .mutation(({ ctx, input }) =>
      setSyncInterval({ ...ctx, sync: { shortestSeconds: ctx.env.KNOWLEDGE_SYNC_SHORTEST_SECONDS } }, input),
    ),

  /** "Sync now". */
  sync: workspaceProcedure('admin')
    .input(ZSourceRef)
    .mutation(({ ctx, input }) => syncSourceNow(ctx, input)),

  delete: workspaceProcedure('admin')
    .meta({
      apiScope: 'knowledge:write',
      openapi: { method: 'DELETE', path: '/workspaces/{workspaceId}/sources/{sourceId}', summary: 'Delete a source' },
    })
    .input(ZSourceRef)
    .mutation(({ ctx, input }) => deleteSource(ctx, input)),

  /** Failed sources only: back to pending and queued again. */
  retry: workspaceProcedure('admin')
    .meta({
      apiScope: 'knowledge:write',
      openapi: {
        method: 'POST',
        path: '/workspaces/{workspaceId}/sources/{sourceId}/retry',
        summary: 'Retry a failed source',
      },
    })
    .input(ZSourceRef)
    .mutation(({ ctx, input }) => retrySource(ctx, input)),

  /** The retrieval tester: the passages answering would use, with their scores and sources. */
  search: workspaceProcedure('agent')
    .meta({
      apiScope: 'knowledge:read',
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/chatbots/{chatbotId}/search',
        summary: "Search a chatbot's knowledge as its answers do",
      },
    })
    .input(
      ZChatbotRef.extend({
        query: z
          .string({ error: 'Type a question.' })
          .trim()
          .min(1, 'Type a question.')
          .max(500, 'Keep the question to 500 characters or fewer.'),
        k: z.number().int().min(1, 'Ask for at least 1 passage.').max(20, 'Ask for 20 passages or fewer.').default(8),
      }),
    )
    .query(({ ctx, input }) => searchSources(ctx, input)),

  /**
   * Status changes of this chatbot's sources, live. No backlog is replayed
   * for `lastEventId`: the page refetches `knowledge.source.list` whenever it
   * (re)connects, and the list already reflects every earlier event.
   */
  onUpdated: workspaceProcedure('agent')
    .meta({ apiScope: 'knowledge:read' })
    .input(ZChatbotRef.extend({ lastEventId: z.string().max(100).nullish() }))
    // A plain async resolver, not a generator: the chatbot is checked and the bus subscribed when
    // the call is made, so a wrong id fails the call itself and no event after it is missed.
    .subscription(async ({ ctx, input, signal }) => {
      const events = await watchSources(ctx, { chatbotId: input.chatbotId, signal });
      return (async function* () {
        for await (const event of events) yield tracked(event.id, event.payload);
      })();
    }),
});
