import type { TMessage } from '../../../shared/i18n/server';
import { AppError } from '../../errors';

/**
 * The bounds on reading one document. An upload or page can be small and
 * still cost minutes of CPU or gigabytes of memory (HTML nested a hundred
 * thousand levels deep, a PDF stream that inflates a thousandfold), so every
 * document is read in a worker thread (parse-pool.ts) within these limits,
 * and one that crosses them fails for good with a sentence naming the limit.
 */
export type TParseLimits = {
  /** Wall-clock time for one document, from hand-over to the worker pool; the worker is terminated past it. */
  timeoutMs: number;
  /** Heap of a worker (V8 old generation); a document that needs more ends its worker. */
  memoryMb: number;
  /** Nesting of HTML elements. Browsers stop nesting at 512 too (Blink's parser); real pages stay far below. */
  maxHtmlDepth: number;
  maxPdfPages: number;
  /** Bytes a PDF's compressed streams inflate to, all added up (images aside: text extraction never decodes them). */
  maxPdfInflatedBytes: number;
  /** Characters of text one source may yield: ~5,000 pages of prose, and as much as the largest text upload. */
  maxTextChars: number;
};

export const PARSE_LIMITS: TParseLimits = {
  timeoutMs: 30_000,
  memoryMb: 512,
  maxHtmlDepth: 512,
  maxPdfPages: 1_000,
  maxPdfInflatedBytes: 50 * 1024 * 1024,
  maxTextChars: 10_000_000,
};

const MEGABYTE = 1024 * 1024;

/** The messages a source shows when it hit a limit: which limit, and what to do instead. */
export const limitMessages = {
  timeout: (timeoutMs: number): TMessage => ({
    key: 'knowledge:errors.limits.timeout',
    values: { seconds: timeoutMs / 1000 },
  }),
  memory: (memoryMb: number): TMessage => ({ key: 'knowledge:errors.limits.memory', values: { megabytes: memoryMb } }),
  htmlDepth: (maxDepth: number): TMessage => ({
    key: 'knowledge:errors.limits.htmlDepth',
    values: { maximum: maxDepth },
  }),
  pdfPages: (pages: number, maxPages: number): TMessage => ({
    key: 'knowledge:errors.limits.pdfPages',
    values: { pages, maximum: maxPages },
  }),
  pdfInflated: (maxBytes: number): TMessage => ({
    key: 'knowledge:errors.limits.pdfInflated',
    values: { megabytes: Math.round(maxBytes / MEGABYTE) },
  }),
  textLength: (maxChars: number): TMessage => ({
    key: 'knowledge:errors.limits.textLength',
    values: { maximum: maxChars },
  }),
  nesting: (): TMessage => 'knowledge:errors.limits.nesting',
};

/**
 * A document crossed one of the limits. It is an `AppError`, so ingestion
 * marks the source failed with this message and the job is not retried: the
 * same document would cross the same limit again.
 */
export class ParseLimitError extends AppError {
  constructor(message: TMessage) {
    super('BAD_REQUEST', message);
    this.name = 'ParseLimitError';
  }
}
