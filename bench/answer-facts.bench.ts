import fs from 'node:fs';
import path from 'node:path';
import { offlineEmbedder } from '../server/services/knowledge/embedder';
import { ingestDocuments, loadEvaluation } from '../server/services/knowledge/evaluation';
import { retrieve } from '../server/services/knowledge/retrieval';
import { extractiveAnswer } from '../server/services/answering/offline';
import { openFreshDatabase, round } from './lib';
import type { Benchmark } from './types';

const FACTS = path.join(import.meta.dirname, '../tests/fixtures/knowledge/eval/answer-facts.json');

/** Share of questions whose offline answer contains the fact asked for (the answer-level twin of retrieval recall). */
export async function offlineFactHits() {
  const database = await openFreshDatabase();
  try {
    const { documents } = loadEvaluation();
    const { chatbotId } = await ingestDocuments(database, offlineEmbedder, documents);
    const facts = JSON.parse(fs.readFileSync(FACTS, 'utf8')) as { question: string; fact: string }[];
    const misses: string[] = [];
    for (const { question, fact } of facts) {
      const passages = await retrieve({ database, embedder: offlineEmbedder }, { chatbotId, query: question });
      const answer =
        extractiveAnswer(
          question,
          passages.map((p, i) => ({ ...p, ref: `S${i + 1}` })),
        ) ?? '';
      if (!answer.toLowerCase().includes(fact.toLowerCase())) misses.push(question);
    }
    return { hits: facts.length - misses.length, total: facts.length, misses };
  } finally {
    await database.close();
  }
}

export const benchmarks: Benchmark[] = [
  {
    id: 'answer.fact_hit.offline',
    description: 'offline answers holding the fact asked for, over tests/fixtures/knowledge/eval/answer-facts.json',
    isHigherBetter: true,
    run: async () => {
      const { hits, total, misses } = await offlineFactHits();
      return {
        value: round(hits / total, 2),
        unit: 'share',
        // Measured before the answerer preferred sentences holding the fact asked for (59da7ac).
        baseline: 0.89,
        target: null,
        notes: `${hits}/${total}; missed: ${misses.join(' | ') || 'none'}`,
      };
    },
  },
];
