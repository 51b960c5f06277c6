import { createHash } from 'node:crypto';

export type TChunk = {
  ordinal: number;
  /** "Returns › Worn shoes"; empty for text without headings. */
  headingPath: string;
  content: string;
  /** SHA-256 (hex) of the heading path and content: what the embedder sees, so equal hashes mean equal embeddings. */
  contentHash: string;
  /** An estimate (words × 1.3), good enough for prompt budgeting. */
  tokenCount: number;
};

export type ChunkOptions = {
  /** A chunk is closed once it reaches this many words. */
  targetWords?: number;
  /** A chunk never grows past this many words unless one sentence alone is longer (then it is cut by words). */
  maxWords?: number;
  /** Up to this many words (at most two sentences) of a chunk are repeated at the start of the next one in the same section. */
  overlapWords?: number;
};

export const HEADING_SEPARATOR = ' › ';

const defaults: Required<ChunkOptions> = { targetWords: 220, maxWords: 300, overlapWords: 45 };

type Section = { headingPath: string; paragraphs: string[] };
/** A paragraph, or a sentence of a paragraph too long to keep whole. */
type Piece = { text: string; words: number; startsParagraph: boolean; isOverlap: boolean };

export const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The text an embedder sees for a chunk: the heading path gives a short passage its context. */
export const embeddingText = (chunk: Pick<TChunk, 'headingPath' | 'content'>) =>
  chunk.headingPath ? `${chunk.headingPath}\n\n${chunk.content}` : chunk.content;

/** Code fences: a `#` line inside one is code, not a heading. */
const FENCE = /^\s*(```|~~~)/;

/**
 * A Markdown ATX heading (`## Returns ##`): its level and text, or null.
 * Read with string operations: the regular expression this replaces
 * (`^(#{1,6})\s+(.+?)\s*#*\s*$`) backtracked cubically on a heading line
 * padded with spaces, two minutes of one core for 5,000 of them.
 */
const headingOf = (line: string): { level: number; text: string } | null => {
  const level = /^#{1,6}/.exec(line)?.[0].length ?? 0;
  const rest = line.slice(level);
  if (!level || rest.length < 2 || !/^\s/.test(rest)) return null;
  let text = rest.trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end -= 1;
  text = text.slice(0, end).trimEnd();
  return { level, text };
};

function splitSections(text: string): Section[] {
  const sections: Section[] = [];
  const headings: string[] = [];
  let current: Section = { headingPath: '', paragraphs: [] };
  let paragraph: string[] = [];
  let isInFence = false;

  const endParagraph = () => {
    const joined = paragraph.join('\n').trim();
    if (joined) current.paragraphs.push(joined);
    paragraph = [];
  };

  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (FENCE.test(line)) isInFence = !isInFence;
    const heading = isInFence ? null : headingOf(line);
    if (heading) {
      endParagraph();
      sections.push(current);
      const { level } = heading;
      headings.length = Math.min(headings.length, level - 1);
      headings[level - 1] = heading.text.replace(/[*_`]/g, '').trim();
      current = { headingPath: headings.filter(Boolean).join(HEADING_SEPARATOR), paragraphs: [] };
      continue;
    }
    if (!isInFence && line.trim() === '') endParagraph();
    else paragraph.push(line);
  }
  endParagraph();
  sections.push(current);
  return sections.filter((section) => section.paragraphs.length > 0);
}

/**
 * Sentences of one paragraph. List items and other line breaks end a
 * sentence too, so a list is never glued into one run-on unit.
 */
export function splitSentences(paragraph: string): string[] {
  return paragraph
    .split('\n')
    .flatMap((line) => line.split(/(?<=[.!?…]["'”’)\]]?)\s+(?=\S)/))
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/** Cuts an over-long sentence into runs of at most `maxWords` words: the only place a sentence is split. */
function splitWords(sentence: string, maxWords: number): string[] {
  const words = sentence.split(/\s+/).filter(Boolean);
  const parts: string[] = [];
  for (let i = 0; i < words.length; i += maxWords) parts.push(words.slice(i, i + maxWords).join(' '));
  return parts;
}

function toPieces(paragraphs: string[], maxWords: number): Piece[] {
  const pieces: Piece[] = [];
  for (const paragraph of paragraphs) {
    const words = countWords(paragraph);
    if (words <= maxWords) {
      pieces.push({ text: paragraph, words, startsParagraph: true, isOverlap: false });
      continue;
    }
    const sentences = splitSentences(paragraph).flatMap((sentence) =>
      countWords(sentence) > maxWords ? splitWords(sentence, maxWords) : [sentence],
    );
    sentences.forEach((sentence, i) =>
      pieces.push({ text: sentence, words: countWords(sentence), startsParagraph: i === 0, isOverlap: false }),
    );
  }
  return pieces;
}

const render = (pieces: Piece[]) =>
  pieces.map((piece, i) => (i === 0 ? '' : piece.startsParagraph ? '\n\n' : ' ') + piece.text).join('');

/** The last one or two sentences of a chunk, if they fit in `overlapWords`: context carried into the next chunk. */
function overlapOf(pieces: Piece[], overlapWords: number): Piece[] {
  const sentences = splitSentences(render(pieces).split('\n\n').at(-1) ?? '');
  const picked: string[] = [];
  let words = 0;
  for (const sentence of sentences.slice(-2).reverse()) {
    const count = countWords(sentence);
    if (words + count > overlapWords) break;
    picked.unshift(sentence);
    words += count;
  }
  if (!picked.length) return [];
  return [{ text: picked.join(' '), words, startsParagraph: true, isOverlap: true }];
}

/**
 * Splits Markdown or plain text into retrieval chunks that follow its
 * structure: a chunk never spans two sections (so its heading path is
 * true for all of it), paragraphs are packed whole, and a paragraph is only
 * split between sentences when it alone is too big. Consecutive chunks of a
 * section overlap by a sentence or two so an answer that straddles the cut
 * is still found whole in one of them.
 */
export function chunkText(text: string, options: ChunkOptions = {}): TChunk[] {
  const { targetWords, maxWords, overlapWords } = { ...defaults, ...options };
  const chunks: TChunk[] = [];

  const emit = (headingPath: string, pieces: Piece[]) => {
    const content = render(pieces).trim();
    if (!content) return;
    chunks.push({
      ordinal: chunks.length,
      headingPath,
      content,
      contentHash: sha256(embeddingText({ headingPath, content })),
      tokenCount: Math.ceil(countWords(content) * 1.3),
    });
  };

  for (const section of splitSections(text)) {
    let current: Piece[] = [];
    let words = 0;
    const hasNewContent = () => current.some((piece) => !piece.isOverlap);

    for (const piece of toPieces(section.paragraphs, maxWords)) {
      if (hasNewContent() && (words >= targetWords || words + piece.words > maxWords)) {
        emit(section.headingPath, current);
        const overlap = overlapOf(current, overlapWords);
        const overlapCount = overlap.reduce((sum, p) => sum + p.words, 0);
        // Overlap is a courtesy: it is dropped when it would push the next chunk past the limit.
        current = overlapCount + piece.words <= maxWords ? overlap : [];
        words = current === overlap ? overlapCount : 0;
      }
      current.push(piece);
      words += piece.words;
    }
    if (hasNewContent()) emit(section.headingPath, current);
  }
  return chunks;
}
