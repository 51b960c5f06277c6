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

const number = (value: number) => value.toLocaleString('en-US');
const megabytes = (bytes: number) => `${number(Math.round(bytes / 1024 / 1024))} MB`;

/** The sentences a source shows when it hit a limit: which limit, and what to do instead. */
export const limitMessages = {
  timeout: (timeoutMs: number) =>
    `Reading this document took longer than ${number(timeoutMs / 1000)} seconds, so Parley stopped; split it into smaller files or paste its text.`,
  memory: (memoryMb: number) =>
    `Reading this document needed more than ${number(memoryMb)} MB of memory, so Parley stopped; split it into smaller files or paste its text.`,
  htmlDepth: (maxDepth: number) =>
    `This page nests its HTML more than ${number(maxDepth)} levels deep, which Parley does not read; paste its text instead.`,
  pdfPages: (pages: number, maxPages: number) =>
    `This PDF has ${number(pages)} pages; Parley reads PDFs of up to ${number(maxPages)} pages. Split it into smaller files.`,
  pdfInflated: (maxBytes: number) =>
    `This PDF expands to more than ${megabytes(maxBytes)} of content; split it or paste its text.`,
  textLength: (maxChars: number) =>
    `This document has more than ${number(maxChars)} characters of text; Parley reads up to ${number(maxChars)} per source. Split it into smaller files.`,
  nesting: () =>
    'This document is nested too deeply for Parley to read; paste its text instead, or save it in a simpler form.',
};

/**
 * A document crossed one of the limits. It is an `AppError`, so ingestion
 * marks the source failed with this message and the job is not retried: the
 * same document would cross the same limit again.
 */
export class ParseLimitError extends AppError {
  constructor(message: string) {
    super('BAD_REQUEST', message);
    this.name = 'ParseLimitError';
  }
}
