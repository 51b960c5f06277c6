import { describe, expect, it } from 'vitest';
import { EMBEDDING_DIMENSIONS } from '../../../db/schema';
import { cosine, embedderFor, offlineEmbedder } from './embedder';

describe('offlineEmbedder', () => {
  it('is deterministic, 768-dimensional and unit length', async () => {
    const [a, b] = await offlineEmbedder.embed(['Can I return worn shoes?', 'Can I return worn shoes?']);
    expect(a).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(a).toEqual(b);
    expect(Math.sqrt(cosine(a!, a!))).toBeCloseTo(1, 6);
    expect(offlineEmbedder.dimensions).toBe(768);
    expect(offlineEmbedder.model).toBe('offline-hash-v1');
  });

  it('rates a question closer to its passage than to unrelated text', async () => {
    const [question, passage, other, another] = await offlineEmbedder.embed([
      'How long does a refund take to reach my card?',
      'Refunds reach your card within five business days after the parcel arrives at our warehouse.',
      'The keeper climbed the spiral stair at dusk each evening to light the great lamp.',
      'Suede needs a different treatment: brush it with a rubber suede brush.',
    ]);
    const related = cosine(question!, passage!);
    expect(related).toBeGreaterThan(0.2);
    expect(related).toBeGreaterThan(cosine(question!, other!) + 0.15);
    expect(related).toBeGreaterThan(cosine(question!, another!) + 0.15);
  });

  it('matches word forms through character n-grams', async () => {
    const [plural, singular, unrelated] = await offlineEmbedder.embed(['refunds', 'refund', 'lighthouse']);
    expect(cosine(plural!, singular!)).toBeGreaterThan(0.4);
    expect(cosine(plural!, singular!)).toBeGreaterThan(cosine(plural!, unrelated!) + 0.3);
  });

  it('gives the zero vector no NaNs for text without words', async () => {
    const [empty] = await offlineEmbedder.embed(['... !!']);
    expect(empty!.every((x) => Number.isFinite(x))).toBe(true);
  });
});

describe('embedderFor', () => {
  it('uses Gemini only when a key is set', () => {
    expect(embedderFor({ GEMINI_EMBEDDING_MODEL: 'gemini-embedding-001' }).model).toBe('offline-hash-v1');
    expect(embedderFor({ GEMINI_API_KEY: 'k', GEMINI_EMBEDDING_MODEL: 'gemini-embedding-001' }).model).toBe(
      'gemini-embedding-001',
    );
  });
});
