/**
 * The work a parsing worker does (loaded by parse-worker.mjs inside each
 * worker thread of parse-pool.ts). Outcomes people should read come back as
 * values: an `AppError` thrown here would reach the main thread as a plain
 * `Error`, its class lost to the structured clone.
 */
import type { TMessage } from '../../../shared/i18n/server';
import { AppError } from '../../errors';
import { chunkText, type ChunkOptions, type TChunk } from './chunking';
import type { TExtracted } from './document-text';
import { extractDocument, type TDocumentType } from './extract';
import { limitMessages, ParseLimitError, type TParseLimits } from './parse-limits';

export type TParseTask =
  | {
      kind: 'extract';
      type: TDocumentType;
      bytes: Uint8Array;
      charset: string | null;
      limits: TParseLimits;
    }
  | { kind: 'chunk'; text: string; options: ChunkOptions };

/** A refusal, by its message's key: `isLimit` when a limit was crossed (the main thread raises a `ParseLimitError`). */
export type TParseRefusal = { ok: false; message: TMessage; isLimit: boolean };
export type TParseOutcome<T> = { ok: true; value: T } | TParseRefusal;

type TResultOf<T extends TParseTask> = T extends { kind: 'extract' } ? TExtracted : TChunk[];

const run = async (task: TParseTask): Promise<TExtracted | TChunk[]> => {
  if (task.kind === 'chunk') return chunkText(task.text, task.options);
  return extractDocument(task.type, task.bytes, task.charset, task.limits);
};

export async function runParseTask<T extends TParseTask>(task: T): Promise<TParseOutcome<TResultOf<T>>> {
  try {
    return { ok: true, value: (await run(task)) as TResultOf<T> };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.key, isLimit: error instanceof ParseLimitError };
    // Recursion inside a library (Readability, PDF.js) on a document built to exhaust it: the same
    // document would do it again, so it is a limit, not a failure worth retrying.
    if (error instanceof RangeError && /call stack/i.test(error.message))
      return { ok: false, message: limitMessages.nesting(), isLimit: true };
    throw error;
  }
}
