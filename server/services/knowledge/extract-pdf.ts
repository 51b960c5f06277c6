import { constants, inflateSync } from 'node:zlib';
import { getDocumentProxy, getMeta } from 'unpdf';
import { AppError } from '../../errors';
import { normaliseText, type TExtracted } from './document-text';
import { limitMessages, PARSE_LIMITS, ParseLimitError, type TParseLimits } from './parse-limits';

type TPdfLimits = Pick<TParseLimits, 'maxPdfPages' | 'maxPdfInflatedBytes' | 'maxTextChars'>;

/** A stream's data starts after this keyword and its end of line (`endstream` does not match: no word boundary). */
const STREAM_START = /\bstream(?:\r\n|\r|\n)/g;
/** How far back from `stream` its dictionary is looked for; real dictionaries are a few hundred bytes. */
const DICTIONARY_WINDOW = 4096;

/**
 * Refuses a PDF whose compressed streams inflate past `maxBytes`, before
 * PDF.js sees it: PDF.js inflates whatever a page names and then walks it,
 * so a 200 KB stream of deflated spaces is 200 MB and half a minute of work.
 * Each Flate stream is inflated here with zlib, bounded by what is left of
 * the budget, and thrown away. Images are skipped (text extraction never
 * decodes them, and photos legitimately inflate a lot); other filters
 * (LZW, run-length) are left to the time and memory limits.
 */
export function assertInflatedSize(bytes: Uint8Array, maxBytes: number) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // latin1: one character per byte, so indexes in the text are offsets in the buffer.
  const text = buffer.toString('latin1');
  let total = 0;
  STREAM_START.lastIndex = 0;
  for (let match = STREAM_START.exec(text); match; match = STREAM_START.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    const window = text.slice(Math.max(0, match.index - DICTIONARY_WINDOW), match.index);
    const dictionary = window.slice(window.lastIndexOf(' obj') + 1);
    // A filter chain ([/FlateDecode /FlateDecode]) inflates once per link.
    const inflations = dictionary.match(/\/(?:FlateDecode|Fl)\b/g)?.length ?? 0;
    if (inflations && !/\/Subtype\s*\/Image\b/.test(dictionary)) {
      let data: Buffer = buffer.subarray(start, end === -1 ? buffer.length : end);
      for (let i = 0; i < inflations; i++) {
        try {
          // SYNC_FLUSH: a truncated stream yields what it has instead of an error (PDF.js reads those too).
          data = inflateSync(data, { maxOutputLength: maxBytes - total + 1, finishFlush: constants.Z_SYNC_FLUSH });
        } catch (error) {
          if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
            throw new ParseLimitError(limitMessages.pdfInflated(maxBytes));
          // Damaged data: PDF.js decides what to make of it.
          break;
        }
      }
      total += data.length;
      if (total > maxBytes) throw new ParseLimitError(limitMessages.pdfInflated(maxBytes));
    }
    if (end === -1) break;
    STREAM_START.lastIndex = end;
  }
}

/**
 * Text of a PDF through unpdf (PDF.js built for servers), pages separated
 * by blank lines. A PDF without a text layer (a scan) yields nothing:
 * Parley does no OCR, and says so. Pages are read one at a time so the
 * text limit stops a long document as soon as it is crossed.
 */
export async function pdfToText(bytes: Uint8Array, limits: TPdfLimits = PARSE_LIMITS): Promise<TExtracted> {
  assertInflatedSize(bytes, limits.maxPdfInflatedBytes);
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    // verbosity 0: PDF.js would otherwise print its repair warnings for damaged files to the console.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException')
      throw new AppError('BAD_REQUEST', 'knowledge:errors.file.pdfPassword');
    throw new AppError('BAD_REQUEST', 'knowledge:errors.file.pdfDamaged');
  }
  try {
    if (pdf.numPages > limits.maxPdfPages)
      throw new ParseLimitError(limitMessages.pdfPages(pdf.numPages, limits.maxPdfPages));
    const pages: string[] = [];
    let length = 0;
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      // As unpdf's extractText joins a page's items: each string, a line break where PDF.js saw one.
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
      page.cleanup();
      length += text.length;
      if (length > limits.maxTextChars) throw new ParseLimitError(limitMessages.textLength(limits.maxTextChars));
      pages.push(text.trim());
    }
    const joined = normaliseText(pages.join('\n\n'));
    if (!/[\p{L}\p{N}]/u.test(joined)) throw new AppError('BAD_REQUEST', 'knowledge:errors.file.pdfNoText');
    let title: string | null = null;
    try {
      const { info } = await getMeta(pdf);
      title = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim() : null;
    } catch {
      // Metadata is optional; the file name stands in for the title.
    }
    return { text: joined, title };
  } finally {
    await pdf.destroy();
  }
}
