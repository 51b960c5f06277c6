import { beforeEach, describe, expect, it } from 'vitest';
import { fakeGemini } from '../../../tests/mocks/gemini';
import { fakeOutsideServices } from '../../../tests/mocks/server';
import { cosine, geminiEmbedder } from './embedder';

const server = fakeOutsideServices();
let gemini: ReturnType<typeof fakeGemini>;
const useGemini = (options: Parameters<typeof fakeGemini>[0] = {}) => {
  gemini = fakeGemini(options);
  server.use(...gemini.handlers);
};
beforeEach(() => useGemini());

describe('geminiEmbedder', () => {
  it('asks for 768 dimensions with the task type and normalises the vectors', async () => {
    const embedder = geminiEmbedder('test-key', { baseDelayMs: 1 });
    const vectors = await embedder.embed(['short', 'a longer text'], { kind: 'query' });
    expect(vectors).toHaveLength(2);
    for (const v of vectors) {
      expect(v).toHaveLength(768);
      expect(cosine(v, v)).toBeCloseTo(1, 6);
    }
    // The fake puts the text length first: order is kept.
    expect(vectors[0]![0]! / vectors[0]![1]!).toBeCloseTo('short'.length, 5);
    expect(vectors[1]![0]! / vectors[1]![1]!).toBeCloseTo('a longer text'.length, 5);
    expect(gemini.requests).toHaveLength(1);
    const [request] = gemini.requests;
    expect(request!.model).toBe('gemini-embedding-001');
    expect(request!.apiKey).toBe('test-key');
    expect(request!.body.requests.map((r) => [r.taskType, r.outputDimensionality])).toEqual([
      ['RETRIEVAL_QUERY', 768],
      ['RETRIEVAL_QUERY', 768],
    ]);

    await embedder.embed(['a chunk']);
    expect(gemini.requests[1]!.body.requests[0]!.taskType).toBe('RETRIEVAL_DOCUMENT');
  });

  it('sends at most 100 texts per request', async () => {
    const embedder = geminiEmbedder('test-key', { baseDelayMs: 1 });
    const texts = Array.from({ length: 250 }, (_, i) => `text number ${i}`);
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(250);
    expect(gemini.requests.map((r) => r.body.requests.length)).toEqual([100, 100, 50]);
    expect(gemini.requests[2]!.body.requests[49]!.content.parts[0]!.text).toBe('text number 249');
  });

  it('retries on 429 and 5xx with backoff, then succeeds', async () => {
    useGemini({ failWith: [429, 503] });
    const embedder = geminiEmbedder('test-key', { baseDelayMs: 1 });
    const vectors = await embedder.embed(['hello']);
    expect(vectors).toHaveLength(1);
    expect(gemini.requests.map((r) => r.status)).toEqual([429, 503, 200]);
  });

  it('gives up after its attempts, and does not retry other errors', async () => {
    useGemini({ failWith: [429, 429, 429, 429, 429] });
    await expect(geminiEmbedder('test-key', { baseDelayMs: 1, attempts: 3 }).embed(['x'])).rejects.toThrow();
    expect(gemini.requests).toHaveLength(3);

    useGemini({ failWith: [400] });
    await expect(geminiEmbedder('test-key', { baseDelayMs: 1 }).embed(['x'])).rejects.toThrow();
    expect(gemini.requests).toHaveLength(1);
  });
});
