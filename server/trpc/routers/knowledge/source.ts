import { tracked } from '@trpc/server';
import { z } from 'zod';
import { MAX_FILE_BYTES } from '../../../services/knowledge/extract';
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
import { localizedSource } from '../../../services/knowledge/stored-message';
import type { TAppLanguage } from '../../../../shared/languages';
import { router, workspaceProcedure } from '../../procedures';

// Any string: the services answer NOT_FOUND for a malformed id like for one from another workspace.
const ZChatbotRef = z.object({ chatbotId: z.string({ error: 'knowledge:validation.chooseChatbot' }).max(100) });
const ZSourceRef = z.object({ sourceId: z.string({ error: 'knowledge:validation.chooseSource' }).max(100) });

/** What a source's stored messages (its error, its note) say, in the language of the request. */
const localized =
  (ctx: { locale: TAppLanguage }) =>
  <T extends { error?: string | null; syncError?: string | null; note?: string | null }>(source: T) =>
    localizedSource(ctx.locale, source);

export const ZSourceTitle = z
  .string({ error: 'knowledge:validation.titleRequired' })
  .trim()
  .min(1, 'knowledge:validation.titleRequired')
  .max(200, 'knowledge:validation.titleTooLong');
export const ZSourceText = z
  .string({ error: 'knowledge:validation.textRequired' })
  .min(1, 'knowledge:validation.textRequired')
  .max(200_000, 'knowledge:validation.textTooLong')
  // Whitespace alone would only fail later, in ingestion.
  .refine((text) => text.trim().length > 0, 'knowledge:validation.textRequired');
export const ZFaqQuestion = z
  .string({ error: 'knowledge:validation.questionRequired' })
  .trim()
  .min(1, 'knowledge:validation.questionRequired')
  .max(300, 'knowledge:validation.questionTooLong');
export const ZFaqAnswer = z
  .string({ error: 'knowledge:validation.answerRequired' })
  .trim()
  .min(1, 'knowledge:validation.answerRequired')
  .max(5000, 'knowledge:validation.answerTooLong');

export const ZFileName = z
  .string({ error: 'knowledge:validation.fileNameRequired' })
  .trim()
  // Some browsers send a path ("C:\\fakepath\\guide.pdf"); only the name is meaningful.
  .transform((name) => name.split(/[\\/]/).pop()!.trim())
  .pipe(
    z
      .string()
      // Aborts: an empty name needs no second message about its extension.
      .min(1, { error: 'knowledge:validation.fileNameRequired', abort: true })
      .max(200, 'knowledge:validation.fileNameTooLong')
      .regex(/\.[a-z0-9]+$/i, 'knowledge:validation.fileExtension'),
  );

/** Base64 is 4 characters per 3 bytes; the exact decoded size is checked again in the service. */
const MAX_BASE64_CHARS = Math.ceil(MAX_FILE_BYTES / 3) * 4;
export const ZFileContent = z
  .string({ error: 'knowledge:validation.fileRequired' })
  .min(1, 'knowledge:errors.file.empty')
  .max(MAX_BASE64_CHARS, 'knowledge:validation.fileTooLarge')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'knowledge:validation.fileBroken');

const ZCrawlPattern = z
  .string()
  .trim()
  .min(1, 'knowledge:validation.patternEmpty')
  .max(200, 'knowledge:validation.patternTooLong')
  .refine((value) => value.startsWith('/') || value.startsWith('*'), 'knowledge:validation.patternStart');

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
    .query(async ({ ctx, input }) => (await listSources(ctx, input)).map(localized(ctx))),

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
    .mutation(({ ctx, input }) => createTextSource(ctx, input).then(localized(ctx))),

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
    .mutation(({ ctx, input }) => createFaqSource(ctx, input).then(localized(ctx))),

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
    .mutation(({ ctx, input }) => createFileSource(ctx, input).then(localized(ctx))),

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
    .mutation(({ ctx, input }) => createUrlSource(ctx, input).then(localized(ctx))),

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
    .mutation(({ ctx, input }) => createSitemapSource(ctx, input).then(localized(ctx))),

  /** A whole site from one address: same origin, robots.txt honoured, within the given scope and limits. */
  createCrawl: workspaceProcedure('admin')
    .input(
      ZChatbotRef.extend({
        url: ZSourceUrl,
        pathPrefix: z
          .string()
          .trim()
          .max(500, 'knowledge:validation.pathPrefixTooLong')
          .refine((value) => value === '' || value.startsWith('/'), 'knowledge:validation.pathPrefixStart')
          .optional(),
        include: z.array(ZCrawlPattern).max(20, 'knowledge:validation.tooManyPatterns').optional(),
        exclude: z.array(ZCrawlPattern).max(20, 'knowledge:validation.tooManyPatterns').optional(),
        maxPages: z
          .number()
          .int()
          .min(1, 'knowledge:validation.maxPagesMin')
          .max(500, 'knowledge:validation.maxPagesMax')
          .optional(),
        maxDepth: z
          .number()
          .int()
          .min(0, 'knowledge:validation.maxDepthMin')
          .max(10, 'knowledge:validation.maxDepthMax')
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => createCrawlSource(ctx, input).then(localized(ctx))),

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
    .mutation(({ ctx, input }) => updateFaqSource(ctx, input).then(localized(ctx))),

  /** One source, for its edit page (pasted text with its text). */
  get: workspaceProcedure('agent')
    .input(ZSourceRef)
    .query(({ ctx, input }) => getSource(ctx, input).then(localized(ctx))),

  /** Pasted text edited in place; only changed chunks are embedded again. */
  updateText: workspaceProcedure('admin')
    .input(ZSourceRef.extend({ title: ZSourceTitle, content: ZSourceText }))
    .mutation(({ ctx, input }) => updateTextSource(ctx, input).then(localized(ctx))),

  /** A new version of an uploaded file, same source. */
  replaceFile: workspaceProcedure('admin')
    .input(ZSourceRef.extend({ fileName: ZFileName, contentBase64: ZFileContent }))
    .mutation(({ ctx, input }) => replaceFileSource(ctx, input).then(localized(ctx))),

  /** The title visitors see in citations. */
  rename: workspaceProcedure('admin')
    .input(ZSourceRef.extend({ title: ZSourceTitle }))
    .mutation(({ ctx, input }) => renameSource(ctx, input).then(localized(ctx))),

  /** How often a web page, sitemap or crawled site is fetched again. */
  setSyncInterval: workspaceProcedure('admin')
    .input(
      ZSourceRef.extend({
        interval: z.enum(['off', 'shortest', 'hourly', 'daily', 'weekly'], {
          error: 'knowledge:validation.syncInterval',
        }),
      }),
    )
    .mutation(({ ctx, input }) =>
      setSyncInterval({ ...ctx, sync: { shortestSeconds: ctx.env.KNOWLEDGE_SYNC_SHORTEST_SECONDS } }, input).then(
        localized(ctx),
      ),
    ),

  /** "Sync now". */
  sync: workspaceProcedure('admin')
    .input(ZSourceRef)
    .mutation(({ ctx, input }) => syncSourceNow(ctx, input).then(localized(ctx))),

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
    .mutation(({ ctx, input }) => retrySource(ctx, input).then(localized(ctx))),

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
          .string({ error: 'knowledge:validation.queryRequired' })
          .trim()
          .min(1, 'knowledge:validation.queryRequired')
          .max(500, 'knowledge:validation.questionTooLong'),
        k: z
          .number()
          .int()
          .min(1, 'knowledge:validation.passagesMin')
          .max(20, 'knowledge:validation.passagesMax')
          .default(8),
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
