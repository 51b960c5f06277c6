import type { TStoredCitation } from '../../../db/schema';
import type { TPromptPassage } from './prompt';

/** A source an answer was grounded in, as stored with the message and shown under it. */
export type TCitation = TStoredCitation;

const MARKER = /\s?\[(S\d+(?:\s*,\s*S\d+)*)\]/g;
const SNIPPET_LENGTH = 240;

const snippetOf = (content: string) =>
  content.length <= SNIPPET_LENGTH ? content : `${content.slice(0, SNIPPET_LENGTH).replace(/\s+\S*$/, '')}…`;

/**
 * Maps the `[S1]` markers of an answer back to the passages they name.
 * Markers naming a passage the model was not given (a hallucinated id)
 * are removed from the text and cite nothing; each source is cited once,
 * in order of first mention.
 */
export function resolveCitations(text: string, passages: TPromptPassage[]) {
  const byRef = new Map(passages.map((passage) => [passage.ref, passage]));
  const cited = new Map<string, TCitation>();
  const cleaned = text.replace(MARKER, (whole: string, refs: string) => {
    const known = refs
      .split(',')
      .map((ref) => ref.trim())
      .filter((ref) => byRef.has(ref));
    for (const ref of known) {
      const passage = byRef.get(ref)!;
      if (cited.has(ref)) continue;
      cited.set(ref, {
        ref,
        sourceId: passage.sourceId,
        chunkId: passage.chunkId,
        title: passage.sourceTitle,
        url: passage.sourceUrl,
        headingPath: passage.headingPath,
        snippet: snippetOf(passage.content),
      });
    }
    if (!known.length) return '';
    return `${whole.startsWith(' ') ? ' ' : ''}[${known.join(', ')}]`;
  });
  return { text: cleaned, citations: [...cited.values()] };
}

/**
 * True when an answer repeats the canary from the instructions, or a long
 * verbatim run of them: either means the model was talked into revealing
 * its prompt, and the answer must not reach the visitor.
 */
export function leaksInstructions(answer: string, { canary, instructions }: { canary: string; instructions: string }) {
  if (answer.includes(canary)) return true;
  // Any 80-character run of the instructions (other than the owner's persona, which may legitimately
  // be echoed in spirit) showing up verbatim is a leak too.
  const haystack = answer.replace(/\s+/g, ' ');
  const rules = instructions.slice(Math.max(0, instructions.indexOf('Rules,'))).replace(/\s+/g, ' ');
  for (let i = 0; i + 80 <= rules.length; i += 40) if (haystack.includes(rules.slice(i, i + 80))) return true;
  return false;
}
