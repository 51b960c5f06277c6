import { offlineEmbedder } from '../knowledge/embedder';

/**
 * Cosine similarity means different things per embedder: the offline
 * embedder's lexical vectors put a good match near 0.2–0.3 and an unrelated
 * question below 0.1, while Gemini's put related text around 0.6–0.8. The
 * chatbot's confidence threshold is one number for both, so each
 * embedder's similarity is mapped onto 0–1 between "unrelated" and "clearly
 * about it" (measured on the knowledge fixtures; see confidence.test.ts).
 */
const RANGES: Record<string, [low: number, high: number]> = {
  [offlineEmbedder.model]: [0.06, 0.26],
};
const GEMINI_RANGE: [number, number] = [0.45, 0.8];

export function confidenceOf(embedderModel: string, similarity: number | null) {
  if (similarity === null) return 0;
  const [low, high] = RANGES[embedderModel] ?? GEMINI_RANGE;
  return Math.min(1, Math.max(0, (similarity - low) / (high - low)));
}

/** The best vector similarity among the passages; null when none was found by vector. */
export const topScoreOf = (passages: { vectorScore: number | null }[]) =>
  passages.reduce<number | null>(
    (best, p) => (p.vectorScore === null ? best : Math.max(best ?? 0, p.vectorScore)),
    null,
  );
