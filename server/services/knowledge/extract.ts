import { AppError } from '../../errors';
import { decodeText, normaliseText, type TExtracted } from './document-text';
import { limitMessages, PARSE_LIMITS, ParseLimitError, type TParseLimits } from './parse-limits';

export { decodeText, normaliseText, type TExtracted } from './document-text';

/** Uploads larger than this are refused before they are stored. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type TDocumentType = 'text' | 'markdown' | 'html' | 'pdf';

/** What is stored as an upload's type: the detected one, not whatever the browser claimed. */
export const MIME_TYPES: Record<TDocumentType, string> = {
  text: 'text/plain',
  markdown: 'text/markdown',
  html: 'text/html',
  pdf: 'application/pdf',
};

const EXTENSIONS: Record<string, TDocumentType> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  pdf: 'pdf',
};

const isPdfBytes = (bytes: Uint8Array) =>
  bytes.length >= 5 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46; // %PDF

/** MIME types browsers and servers give these documents; anything else falls back to the extension. */
export const typeFromMime = (mime: string | null | undefined): TDocumentType | null => {
  const essence = (mime ?? '').split(';')[0]!.trim().toLowerCase();
  if (essence === 'application/pdf') return 'pdf';
  if (essence === 'text/html' || essence === 'application/xhtml+xml') return 'html';
  if (essence === 'text/markdown' || essence === 'text/x-markdown') return 'markdown';
  if (essence === 'text/plain') return 'text';
  return null;
};

/** Megabytes to one decimal, for a message's `{{megabytes, number}} MB`. */
export const megabytesOf = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * What kind of document an upload is. The bytes win over the name: a PDF
 * saved as `.txt` is read as a PDF, while a `.pdf` without the `%PDF`
 * signature is refused rather than handed to the PDF parser (or, worse,
 * indexed as binary garbage).
 */
export function detectFileType(file: { fileName: string; bytes: Uint8Array; mimeType?: string | null }): TDocumentType {
  const extension = /\.([a-z0-9]+)$/i.exec(file.fileName)?.[1]?.toLowerCase();
  const byName = extension ? EXTENSIONS[extension] : undefined;
  if (isPdfBytes(file.bytes)) return 'pdf';
  const type = byName ?? typeFromMime(file.mimeType);
  if (!type) throw new AppError('BAD_REQUEST', 'knowledge:errors.file.unreadable');
  if (type === 'pdf') throw new AppError('BAD_REQUEST', 'knowledge:errors.file.notPdf');
  // A NUL byte never appears in real text: this is a binary file with a text-looking name.
  if (file.bytes.subarray(0, 8192).includes(0)) throw new AppError('BAD_REQUEST', 'knowledge:errors.file.notText');
  return type;
}

/**
 * Size and type checks at upload time, so a bad file is refused at once
 * instead of failing later. Messages do not repeat the file name: the upload
 * form and the sources list already show it next to them.
 */
export function validateUpload(file: { fileName: string; bytes: Uint8Array; mimeType?: string | null }) {
  if (file.bytes.length === 0) throw new AppError('BAD_REQUEST', 'knowledge:errors.file.empty');
  if (file.bytes.length > MAX_FILE_BYTES)
    throw new AppError('BAD_REQUEST', {
      key: 'knowledge:errors.file.tooLarge',
      values: { megabytes: megabytesOf(file.bytes.length), maximum: megabytesOf(MAX_FILE_BYTES) },
    });
  return detectFileType(file);
}

// ---------------------------------------------------------------------------

/**
 * Text of a document of a known type, within `limits` (those a worker can
 * check itself; its time and memory are bounded by the pool). Runs in a
 * parsing worker in the app (parse-pool.ts), never on the main thread.
 */
export async function extractDocument(
  type: TDocumentType,
  bytes: Uint8Array,
  charset?: string | null,
  limits: TParseLimits = PARSE_LIMITS,
): Promise<TExtracted> {
  const extracted = await extractByType(type, bytes, charset, limits);
  if (extracted.text.length > limits.maxTextChars)
    throw new ParseLimitError(limitMessages.textLength(limits.maxTextChars));
  return extracted;
}

async function extractByType(
  type: TDocumentType,
  bytes: Uint8Array,
  charset: string | null | undefined,
  limits: TParseLimits,
): Promise<TExtracted> {
  // The parsers load on first use (linkedom alone: ~14 MB of RSS), so only parsing workers hold them.
  if (type === 'pdf') return (await import('./extract-pdf')).pdfToText(bytes, limits);
  // Many pages name their encoding only in a <meta> tag; its ASCII spelling is readable in any of them.
  const declared =
    charset ??
    (type === 'html'
      ? (/<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(
          new TextDecoder('latin1').decode(bytes.subarray(0, 2048)),
        )?.[1] ?? null)
      : null);
  const decoded = decodeText(bytes, declared).replace(/^\uFEFF/, '');
  if (type === 'html') return (await import('./extract-html')).htmlToText(decoded, limits);
  return { text: normaliseText(decoded), title: null };
}

/** An uploaded file's text; the type is detected again, so a stored file is never trusted blindly. */
export async function extractFile(file: { fileName: string; bytes: Uint8Array; mimeType?: string | null }) {
  return extractDocument(detectFileType(file), file.bytes);
}
