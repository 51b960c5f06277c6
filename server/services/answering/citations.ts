import type { TStoredCitation } from '../../../db/schema';
import { CITATION_MARKER, refsIn } from '../../../shared/citations';
import type { TPromptPassage } from './prompt';

/** A source an answer was grounded in, as stored with the message and shown under it. */
export type TCitation = TStoredCitation;

// A marker takes the space before it along when it is removed.
const MARKER = new RegExp(String.raw`\s?` + CITATION_MARKER.source, 'g');
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
    const known = refsIn(refs).filter((ref) => byRef.has(ref));
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
