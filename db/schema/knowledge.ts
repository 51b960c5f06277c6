import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  jsonb,
  customType,
  doublePrecision,
  index,
  integer,
  type AnyPgColumn,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  vector,
} from 'drizzle-orm/pg-core';
import { chatbots } from './chatbots';
import { workspaces } from './workspaces';

/** Every embedding Parley stores has this many dimensions (Gemini's 768 output, and the offline embedder's). */
export const EMBEDDING_DIMENSIONS = 768;

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
/** Raw bytes; PGlite gives Uint8Array and postgres.js a Buffer (a Uint8Array too). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const sourceKind = pgEnum('source_kind', ['text', 'file', 'url', 'sitemap', 'faq', 'crawl']);
/** How often a web source (a page, a sitemap, a crawled site) is fetched again. */
export const syncInterval = pgEnum('sync_interval', ['off', 'shortest', 'hourly', 'daily', 'weekly']);

/** What a whole-site crawl is allowed to visit; see `services/knowledge/crawl.ts`. */
export type TCrawlSettings = {
  /** Only addresses whose path starts with this ("/help/"); "/" for the whole origin. */
  pathPrefix: string;
  /** Glob-like patterns ("/docs/*"): when any are given, a page must match one of them. */
  include: string[];
  /** Patterns a page must not match. */
  exclude: string[];
  maxPages: number;
  maxDepth: number;
};
export const sourceStatus = pgEnum('source_status', ['pending', 'processing', 'retrying', 'ready', 'failed']);

/**
 * One piece of a chatbot's knowledge. Pasted text and FAQ answers live in
 * `content` from the start; files, pages and sitemaps get their extracted
 * text there when processed (export writes it out). A sitemap's pages are
 * sources of their own with `parentId` pointing at it.
 */
export const knowledgeSources = pgTable(
  'knowledge_sources',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    chatbotId: uuid()
      .notNull()
      .references(() => chatbots.id, { onDelete: 'cascade' }),
    parentId: uuid().references((): AnyPgColumn => knowledgeSources.id, { onDelete: 'cascade' }),
    kind: sourceKind().notNull(),
    /** A document title, the page title, the file name, or the FAQ question. */
    title: text().notNull(),
    status: sourceStatus().notNull().default('pending'),
    /** Why processing failed, as a sentence for the person who added it. */
    error: text(),
    url: text(),
    fileName: text(),
    mimeType: text(),
    sizeBytes: integer(),
    /** The uploaded file until it is processed (then cleared: the text is kept in `content`). */
    fileData: bytea(),
    content: text(),
    /** SHA-256 of `content`: unchanged content is not chunked and embedded again. */
    contentHash: text(),
    chunkCount: integer().notNull().default(0),
    /** The owner renamed it: a re-fetched page keeps this title instead of its `<title>`. */
    isTitleEdited: boolean().notNull().default(false),
    /** Web sources at the top level (a page, a sitemap, a crawl); their pages follow their parent. */
    syncInterval: syncInterval().notNull().default('daily'),
    /** Validators from the last fetch, sent back so an unchanged page answers 304. */
    etag: text(),
    lastModified: text(),
    lastSyncedAt: timestamp({ withTimezone: true }),
    /** "unchanged", "updated" or "failed" (then `syncError` says why and the last good content stays). */
    lastSyncResult: text(),
    syncError: text(),
    nextSyncAt: timestamp({ withTimezone: true }),
    crawlSettings: jsonb().$type<TCrawlSettings>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('knowledge_sources_chatbot_id_idx').on(t.chatbotId, t.createdAt),
    index('knowledge_sources_parent_id_idx').on(t.parentId),
    index('knowledge_sources_next_sync_idx').on(t.nextSyncAt),
  ],
);

export const crawlPageStatus = pgEnum('crawl_page_status', ['queued', 'done', 'skipped']);

/**
 * A crawl's frontier, kept in the database so a crawl interrupted by a
 * restart goes on where it stopped: every address found, its depth, and
 * whether it was visited.
 */
export const knowledgeCrawlPages = pgTable(
  'knowledge_crawl_pages',
  {
    sourceId: uuid()
      .notNull()
      .references(() => knowledgeSources.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    depth: integer().notNull(),
    status: crawlPageStatus().notNull().default('queued'),
    /** Why a page was skipped (robots.txt, a duplicate, not a page), for the crawl's summary. */
    note: text(),
    foundAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.url] }),
    index('knowledge_crawl_pages_status_idx').on(t.sourceId, t.status, t.depth),
  ],
);

/**
 * Retrieval units. Denormalised `chatbotId` so every search filters on one
 * column; `search` is generated from the heading path and text for Postgres
 * full-text search; `embedding` under HNSW (cosine) for the vector side.
 */
export const knowledgeChunks = pgTable(
  'knowledge_chunks',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    chatbotId: uuid()
      .notNull()
      .references(() => chatbots.id, { onDelete: 'cascade' }),
    sourceId: uuid()
      .notNull()
      .references(() => knowledgeSources.id, { onDelete: 'cascade' }),
    ordinal: integer().notNull(),
    /** "Returns › Worn shoes": the headings above this chunk, for context and citations. */
    headingPath: text().notNull().default(''),
    content: text().notNull(),
    contentHash: text().notNull(),
    tokenCount: integer().notNull(),
    embedding: vector({ dimensions: EMBEDDING_DIMENSIONS }).notNull(),
    /** Which embedder made `embedding`; switching models re-embeds rows whose model differs. */
    embeddingModel: text().notNull(),
    search: tsvector().generatedAlwaysAs(sql`to_tsvector('english', coalesce(heading_path, '') || ' ' || content)`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('knowledge_chunks_chatbot_id_idx').on(t.chatbotId),
    index('knowledge_chunks_source_id_idx').on(t.sourceId, t.ordinal),
    index('knowledge_chunks_embedding_idx').using('hnsw', t.embedding.op('vector_cosine_ops')),
    index('knowledge_chunks_search_idx').using('gin', t.search),
  ],
);

/**
 * How many of a chatbot's chunks contain each lexeme (the words of `search`), kept by triggers on
 * `knowledge_chunks` (migration 0007), so retrieval can tell a question's rare words from its common
 * ones without counting: a word in a large share of the chunks says little about which one answers,
 * and matching on it alone made the full-text side rank a tenth of a big knowledge base per question.
 * The row with the empty lexeme (never a real one) counts all the chatbot's chunks; the triggers lock
 * it first, which also orders concurrent writers to one chatbot's chunks.
 */
export const knowledgeLexemes = pgTable(
  'knowledge_lexemes',
  {
    chatbotId: uuid()
      .notNull()
      .references(() => chatbots.id, { onDelete: 'cascade' }),
    lexeme: text().notNull(),
    chunks: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatbotId, t.lexeme] })],
);

export const gapStatus = pgEnum('gap_status', ['open', 'resolved', 'dismissed']);

/**
 * Questions the knowledge did not answer well, grouped: similar questions
 * land on one gap (by embedding distance) and raise its count.
 */
export const knowledgeGaps = pgTable(
  'knowledge_gaps',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    chatbotId: uuid()
      .notNull()
      .references(() => chatbots.id, { onDelete: 'cascade' }),
    /** The first wording seen; shown as the gap's title. */
    question: text().notNull(),
    embedding: vector({ dimensions: EMBEDDING_DIMENSIONS }).notNull(),
    embeddingModel: text().notNull(),
    count: integer().notNull().default(1),
    status: gapStatus().notNull().default('open'),
    /** The FAQ source written to answer it. */
    resolvedSourceId: uuid().references(() => knowledgeSources.id, { onDelete: 'set null' }),
    firstAskedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastAskedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When it was last resolved or dismissed (the analytics' "gaps closed"); null while open. */
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('knowledge_gaps_chatbot_id_idx').on(t.chatbotId, t.status, t.count)],
);

export const gapReason = pgEnum('gap_reason', ['low_confidence', 'thumbs_down', 'no_answer']);

/** Each time a gap was hit: the wording and why. */
export const knowledgeGapQuestions = pgTable(
  'knowledge_gap_questions',
  {
    id: uuid().primaryKey().defaultRandom(),
    gapId: uuid()
      .notNull()
      .references(() => knowledgeGaps.id, { onDelete: 'cascade' }),
    question: text().notNull(),
    reason: gapReason().notNull(),
    /** Best retrieval score when it was asked (null for thumbs-down). */
    topScore: doublePrecision(),
    askedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('knowledge_gap_questions_gap_id_idx').on(t.gapId, t.askedAt)],
);

export type TKnowledgeSource = typeof knowledgeSources.$inferSelect;
export type TKnowledgeChunk = typeof knowledgeChunks.$inferSelect;
export type TKnowledgeGap = typeof knowledgeGaps.$inferSelect;
