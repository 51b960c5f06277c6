import { cosine, offlineVector } from '../knowledge/embedder';
import type { TPromptPassage } from './prompt';

export const OFFLINE_MODEL = 'parley-extractive-1';

/** Passages the answer may quote from (best first). */
const PASSAGES_CONSIDERED = 3;
/** Most sentences in one answer: enough for a policy with its condition, short enough to read. */
const MAX_SENTENCES = 3;
/** A sentence this far below the best one is probably about something else. */
const RELATIVE_FLOOR = 0.7;
/** How much the heading path's similarity adds to each of its sentences. */
const HEADING_WEIGHT = 0.25;
/** Below this similarity no sentence answers the question: say so rather than quote noise. */
export const MIN_SENTENCE_SCORE = 0.12;

/** How much a sentence holding the kind of fact asked for (a price, a time, a phone number…) gains. */
const FACT_BONUS = 0.15;

/** The kinds of fact a question can ask for: what the question says, and what a sentence holding one looks like. */
const FACT_KINDS: [asks: RegExp, holds: RegExp][] = [
  [/\b(phone|call|telephone|number to ring)\b/i, /\+?\d[\d ()-]{6,}\d/],
  [/\b(e-?mail address|write to|email)\b/i, /[\w.+-]+@[\w-]+\.[\w.]+/],
  [
    /\b(how much|cost|costs|price|fee|charge|worth|amounts?)\b/i,
    /(\d|\b(one|two|three|five|nine|ten)\b)[^.]*\b(euros?|dollars?|pounds?)\b|[€$£]\s?\d|\d\s?[€$£]/i,
  ],
  [
    /\b(when|what time|hours|open|close|how (long|fast|quickly|soon))\b/i,
    /\b\d{1,2}[:.]\d{2}\b|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|afternoon|morning)\b|\b(\d+|one|two|three|four|five|six|seven|ten|thirty|sixty|twelve)\s+(business\s+)?(minutes?|hours?|days?|weeks?|months?)\b/i,
  ],
];

/** The patterns a sentence should match to hold what the question asks for. */
const factsAskedIn = (question: string) => FACT_KINDS.filter(([asks]) => asks.test(question)).map(([, holds]) => holds);

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

type TSentence = { text: string; passage: number; position: number; score: number };

/** An FAQ chunk is "Q: …\nA: …": the answer is the part worth quoting. */
const quotableText = (content: string) => content.replace(/^Q:[^\n]*\n+A:\s*/, '');

const sentencesOf = (passage: TPromptPassage, passageIndex: number, question: number[], facts: RegExp[]) => {
  const sentences: TSentence[] = [];
  // The section a sentence sits in counts a little: "how long for a refund" should prefer the Refunds section,
  // but every sentence of a section must not look alike because of it.
  const sectionBonus = passage.headingPath ? HEADING_WEIGHT * cosine(question, offlineVector(passage.headingPath)) : 0;
  for (const line of quotableText(passage.content).split(/\n+/)) {
    // Headings are already in the heading path; table rows and code rarely read well alone.
    const clean = line
      .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
      .replace(/[*_`]+/g, '')
      .trim();
    if (!clean || /^#{1,6}\s/.test(line) || /^\|/.test(clean)) continue;
    for (const { segment } of segmenter.segment(clean)) {
      const text = segment.trim();
      if (text.split(/\s+/).length < 3) continue;
      // Later passages ranked lower by retrieval count a little less.
      const factBonus = facts.some((fact) => fact.test(text)) ? FACT_BONUS : 0;
      const score = (cosine(question, offlineVector(text)) + sectionBonus + factBonus) * (1 - 0.1 * passageIndex);
      sentences.push({ text, passage: passageIndex, position: sentences.length, score });
    }
  }
  return sentences;
};

/**
 * The offline answerer: no model, no network. It scores the sentences of
 * the best passages against the question with the offline embedder's
 * n-gram vectors, keeps the best few, and quotes them with their passage
 * ids, grouped by passage and in reading order. It returns null when no
 * sentence is close enough: the caller then says it does not know.
 */
export function extractiveAnswer(
  question: string,
  passages: TPromptPassage[],
  /** `preface`: said first in a conversation's first offline answer (the visitor should know these are quotes, not an AI's words). */
  options: { preface?: string | null } = {},
): string | null {
  const questionVector = offlineVector(question);
  const facts = factsAskedIn(question);
  const candidates = passages
    .slice(0, PASSAGES_CONSIDERED)
    .flatMap((passage, index) => sentencesOf(passage, index, questionVector, facts))
    .sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best || best.score < MIN_SENTENCE_SCORE) return null;

  const chosen = candidates.filter((s) => s.score >= best.score * RELATIVE_FLOOR).slice(0, MAX_SENTENCES);
  const byPassage = new Map<number, TSentence[]>();
  for (const sentence of chosen.sort((a, b) => a.passage - b.passage || a.position - b.position))
    byPassage.set(sentence.passage, [...(byPassage.get(sentence.passage) ?? []), sentence]);

  const quotes = [...byPassage].map(
    ([index, sentences]) => `> ${sentences.map((s) => s.text).join(' ')} [${passages[index]!.ref}]`,
  );
  const body = quotes.join('\n>\n');
  return options.preface ? `${options.preface}\n\n${body}` : body;
}
