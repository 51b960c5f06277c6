import { offlineEmbedder, type Embedder } from '../../server/services/knowledge/embedder';

/** The offline embedder, counting the texts it was asked to embed: re-ingestion tests assert what was re-embedded. */
export const countingEmbedder = () => {
  const calls: string[][] = [];
  const embedder: Embedder = {
    ...offlineEmbedder,
    embed: async (texts, options) => {
      calls.push(texts);
      return offlineEmbedder.embed(texts, options);
    },
  };
  return { embedder, calls, texts: () => calls.flat().length };
};
