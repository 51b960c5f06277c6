import type { GenerateContentResponse } from '@google/genai';
import { isRetryableGeminiError, lazyGeminiClient } from '../gemini-sdk';
import { estimateTokens, type TPrompt } from './prompt';
import { extractiveAnswer, OFFLINE_MODEL } from './offline';
import { botSays, OFFLINE_PREFACES } from './bot-language';
import type { TAppLanguage } from '../../../shared/languages';

export type TGenerateRequest = {
  prompt: TPrompt;
  /** The visitor's message as typed (the offline answerer matches sentences against it). */
  question: string;
  temperature: number;
  maxOutputTokens: number;
  /** The chatbot's own model, overriding the provider's default (Gemini only). */
  model?: string | null;
  /** Aborted when a human takes the conversation over, or the answer times out. */
  signal: AbortSignal;
  /** The language of the bot's own words (the offline notice), see botLanguage. */
  language?: TAppLanguage;
};

export type TGenerateEvent = { type: 'text'; text: string } | { type: 'usage'; tokensIn: number; tokensOut: number };

/**
 * One way of producing an answer from a grounded prompt. Both stream, so
 * the widget and playground behave the same whichever answered.
 */
export type TAnswerProvider = {
  name: 'gemini' | 'offline';
  model: string;
  generate: (request: TGenerateRequest) => AsyncIterable<TGenerateEvent>;
};

/** Raised when a provider produced nothing usable: the answering service falls back. */
export class NoAnswerError extends Error {
  constructor(message = 'The knowledge has nothing close enough to this question') {
    super(message);
    this.name = 'NoAnswerError';
  }
}

/** Words per streamed piece of an offline answer: close to how a model's stream arrives. */
const OFFLINE_PIECE_WORDS = 4;

export const offlineProvider: TAnswerProvider = {
  name: 'offline',
  model: OFFLINE_MODEL,
  async *generate(request) {
    // The offline notice once per conversation: said already when an earlier answer carried it.
    const hasSaidPreface = request.prompt.contents.some(
      (c) => c.role === 'model' && OFFLINE_PREFACES.some((preface) => c.parts[0]!.text.startsWith(preface)),
    );
    const answer = extractiveAnswer(request.question, request.prompt.passages, {
      preface: hasSaidPreface ? null : botSays(request.language ?? 'en', 'bot:offlinePreface'),
    });
    if (!answer) throw new NoAnswerError();
    const pieces = answer.match(new RegExp(`(?:\\S+\\s*){1,${OFFLINE_PIECE_WORDS}}`, 'g')) ?? [answer];
    for (const text of pieces) {
      if (request.signal.aborted) throw request.signal.reason;
      yield { type: 'text', text };
    }
    const prompt = request.prompt.systemInstruction + request.prompt.contents.map((c) => c.parts[0]!.text).join('');
    yield { type: 'usage', tokensIn: estimateTokens(prompt), tokensOut: estimateTokens(answer) };
  },
};

export type TGeminiOptions = {
  model?: string;
  /** Attempts before the first token (429 and 5xx only); after it, a failure is final. */
  attempts?: number;
  baseDelayMs?: number;
  /** Longest wait for the first token, retries included. */
  firstTokenTimeoutMs?: number;
  /** Longest the whole answer may take. */
  totalTimeoutMs?: number;
};

export class ProviderTimeoutError extends Error {
  constructor(stage: 'first token' | 'answer', ms: number) {
    super(`Gemini gave no ${stage} within ${ms} ms`);
    this.name = 'ProviderTimeoutError';
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * The next piece of a stream, or the signal's reason as soon as it aborts:
 * the SDK stops the request on abort, but a body that is already being read
 * does not always notice, and a stalled stream must not hold the answer.
 */
const nextOrAbort = <T>(stream: AsyncGenerator<T>, signal: AbortSignal) =>
  new Promise<IteratorResult<T>>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    stream
      .next()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });

/**
 * Gemini through `@google/genai`, streamed. Retries 429/5xx with backoff
 * only until the first token: after that, text the visitor has seen cannot
 * be taken back, so a failure ends the answer. Two timers guard it (first
 * token, whole answer); the caller's signal (a takeover) cancels the HTTP
 * stream itself, so no tokens are paid for after nobody listens.
 */
export function geminiProvider(apiKey: string, options: TGeminiOptions = {}): TAnswerProvider {
  const model = options.model ?? 'gemini-2.5-flash';
  const attempts = options.attempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const firstTokenTimeoutMs = options.firstTokenTimeoutMs ?? 15_000;
  const totalTimeoutMs = options.totalTimeoutMs ?? 60_000;
  const client = lazyGeminiClient(apiKey);

  return {
    name: 'gemini',
    model,
    async *generate(request) {
      const controller = new AbortController();
      const abort = (reason: unknown) => controller.abort(reason);
      const onCallerAbort = () => abort(request.signal.reason);
      if (request.signal.aborted) onCallerAbort();
      request.signal.addEventListener('abort', onCallerAbort, { once: true });
      let firstTimer: NodeJS.Timeout | undefined = setTimeout(
        () => abort(new ProviderTimeoutError('first token', firstTokenTimeoutMs)),
        firstTokenTimeoutMs,
      );
      const totalTimer = setTimeout(() => abort(new ProviderTimeoutError('answer', totalTimeoutMs)), totalTimeoutMs);
      const signal = controller.signal;
      // The SDK rejects with its own AbortError; the reason we aborted with says why.
      const why = (error: unknown) => (signal.aborted ? signal.reason : error);

      try {
        let stream: AsyncGenerator<GenerateContentResponse>;
        let first: IteratorResult<GenerateContentResponse>;
        for (let attempt = 1; ; attempt++) {
          try {
            stream = await (
              await client()
            ).models.generateContentStream({
              model: request.model ?? model,
              contents: request.prompt.contents,
              config: {
                systemInstruction: request.prompt.systemInstruction,
                temperature: request.temperature,
                maxOutputTokens: request.maxOutputTokens,
                abortSignal: signal,
              },
            });
            first = await nextOrAbort(stream, signal);
            break;
          } catch (error) {
            if (signal.aborted || attempt >= attempts || !isRetryableGeminiError(error)) throw why(error);
            await sleep(baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()), signal).catch((e) => {
              throw why(e);
            });
          }
        }
        clearTimeout(firstTimer);
        firstTimer = undefined;

        let usage = { tokensIn: 0, tokensOut: 0 };
        for (let next = first; !next.done;) {
          const chunk = next.value;
          const text = chunk.text;
          if (text) yield { type: 'text', text };
          if (chunk.usageMetadata)
            usage = {
              tokensIn: chunk.usageMetadata.promptTokenCount ?? usage.tokensIn,
              tokensOut: chunk.usageMetadata.candidatesTokenCount ?? usage.tokensOut,
            };
          try {
            next = await nextOrAbort(stream, signal);
          } catch (error) {
            throw why(error);
          }
        }
        yield { type: 'usage', ...usage };
      } finally {
        clearTimeout(firstTimer);
        clearTimeout(totalTimer);
        request.signal.removeEventListener('abort', onCallerAbort);
        if (!signal.aborted) controller.abort();
      }
    },
  };
}
