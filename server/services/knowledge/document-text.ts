/** What reading a document yields: its text (Markdown-ish, for chunking) and a title when it names one. */
export type TExtracted = { text: string; title: string | null };

/** Unknown or missing charsets fall back to UTF-8 (what nearly every page and file uses today). */
export const decodeText = (bytes: Uint8Array, charset?: string | null) => {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
};

/**
 * Same paragraphs, tidier whitespace: chunking splits on blank lines, so runs
 * of them carry no meaning. Trailing spaces go line by line with `trimEnd`:
 * the regular expression `/[ \t]+$/gm` it replaces backtracks quadratically
 * on a long run of spaces that does not end a line (a second per 25,000).
 */
export const normaliseText = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
