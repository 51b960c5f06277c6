import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import type { ChunkOptions, TChunk } from './chunking';
import type { TExtracted } from './document-text';
import type { TDocumentType } from './extract';
import { limitMessages, PARSE_LIMITS, ParseLimitError, type TParseLimits } from './parse-limits';
import type { TParseOutcome, TParseTask } from './parse-tasks';

/**
 * Reads documents off the main thread. One document can hold a core for
 * minutes (see parse-limits.ts); on the main thread that froze every
 * tenant's chat and inbox with it. Here it holds a worker thread, which is
 * terminated when it runs out of time and ends by itself when it runs out
 * of memory.
 */
export type DocumentParser = {
  /** The text of a document; a `ParseLimitError` (an `AppError`) when it crosses a limit. */
  extract: (type: TDocumentType, bytes: Uint8Array, charset?: string | null) => Promise<TExtracted>;
  /** `chunkText` in a worker, for texts long enough to hold the main thread noticeably. */
  chunk: (text: string, options?: ChunkOptions) => Promise<TChunk[]>;
  /** Ends the workers; tasks still running are refused. A closed parser starts new ones when used again. */
  close: () => Promise<void>;
};

export type ParserOptions = {
  limits?: Partial<TParseLimits>;
  /** Worker threads at most; by default one per core beyond the first, at most two (the main thread keeps a core). */
  maxThreads?: number;
  /** How long an idle worker stays for the next document before it exits. */
  idleTimeoutMs?: number;
  /** Where a worker that fails outside any task (while starting) is reported. */
  log?: Logger;
};

const WORKER_FILE = fileURLToPath(new URL('./parse-worker.mjs', import.meta.url));

const defaultThreads = () => Math.min(2, Math.max(1, os.availableParallelism() - 1));

export function createDocumentParser(options: ParserOptions = {}): DocumentParser {
  const limits: TParseLimits = { ...PARSE_LIMITS, ...options.limits };
  // Made on first use, and its workers start with their first task: a process that never reads a
  // document (most tests, a web-only replica) never loads PDF.js, linkedom or Readability twice.
  let pool: Piscina | null = null;
  const poolOf = () => {
    if (pool) return pool;
    const created = new Piscina({
      filename: WORKER_FILE,
      minThreads: 0,
      maxThreads: options.maxThreads ?? defaultThreads(),
      idleTimeout: options.idleTimeoutMs ?? 60_000,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
      // Reading documents is background work: on a busy machine the threads that answer chats come
      // first (nice 10, through @napi-rs/nice, which piscina brings; ignored where it cannot load).
      niceIncrement: 10,
    });
    created.on('error', (err: unknown) => {
      // A worker lost outside a task, in practice while starting (without a listener this event would
      // end the process). piscina then starts no more workers, so tasks would wait for their timeout
      // and fail as if their document were too slow: the pool is dropped instead, and the tasks it
      // held are refused with a plain error, which the job queue retries.
      options.log?.error({ err }, 'a document-parsing worker failed to start');
      if (pool === created) pool = null;
      void created.destroy();
    });
    return (pool = created);
  };

  const run = async <T>(task: TParseTask): Promise<T> => {
    // Measured from the hand-over: with one ingestion job at a time per process, tasks rarely queue.
    const signal = AbortSignal.timeout(limits.timeoutMs);
    let outcome: TParseOutcome<T>;
    try {
      outcome = (await poolOf().run(task, { signal })) as TParseOutcome<T>;
    } catch (error) {
      // Aborting a running task terminates its worker (piscina starts another for the next one).
      if (signal.aborted) throw new ParseLimitError(limitMessages.timeout(limits.timeoutMs));
      if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY')
        throw new ParseLimitError(limitMessages.memory(limits.memoryMb));
      // Anything else (a worker that died for another reason) may well pass on a retry.
      throw error;
    }
    if (outcome.ok) return outcome.value;
    throw outcome.isLimit ? new ParseLimitError(outcome.message) : new AppError('BAD_REQUEST', outcome.message);
  };

  return {
    extract: (type, bytes, charset = null) => run({ kind: 'extract', type, bytes, charset, limits }),
    chunk: (text, chunkOptions = {}) => run({ kind: 'chunk', text, options: chunkOptions }),
    close: async () => {
      const closing = pool;
      pool = null;
      await closing?.destroy();
    },
  };
}

let shared: DocumentParser | null = null;

/**
 * The parser of callers that bring none (tests, benchmarks, the evaluation
 * script). Its idle workers do not keep the process alive; the app makes its
 * own in startParley and closes it on shutdown.
 */
export const sharedDocumentParser = () => (shared ??= createDocumentParser());
