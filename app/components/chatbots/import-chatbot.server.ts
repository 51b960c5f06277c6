import type { UploadHandler } from '@remix-run/node';
import { unstable_createMemoryUploadHandler } from '@remix-run/node';
import type { TFunction } from 'i18next';

/**
 * An export holds at most 5 million characters of source text (see
 * EXPORT_LIMITS in server/services/chatbots/transfer.ts); 10 MB leaves room
 * for JSON escaping and accents, and keeps one upload a size memory handles.
 */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export type TImportUpload = { kind: 'none' } | { kind: 'tooLarge' } | { kind: 'file'; name: string; text: string };

/**
 * Reads the one file of the import form into memory, stopping at the limit:
 * an oversized file is drained and reported, never buffered whole.
 */
export function importUploadHandler(upload: { current: TImportUpload }): UploadHandler {
  const fields = unstable_createMemoryUploadHandler({ maxPartSize: 10_000 });
  return async (part) => {
    if (part.name !== 'file' || typeof part.filename !== 'string') return fields(part);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of part.data) {
      size += chunk.byteLength;
      if (size <= MAX_IMPORT_BYTES) chunks.push(chunk);
    }
    if (size > MAX_IMPORT_BYTES) upload.current = { kind: 'tooLarge' };
    else if (part.filename || size > 0) {
      upload.current = { kind: 'file', name: part.filename, text: new TextDecoder().decode(Buffer.concat(chunks)) };
    }
    return undefined;
  };
}

/** The file's JSON, or the sentence to show when it is not JSON at all. */
export function parseImportJson(
  t: TFunction,
  text: string,
): { ok: true; data: unknown } | { ok: false; message: string } {
  try {
    // A BOM from some editors is not part of the JSON.
    return { ok: true, data: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch {
    return { ok: false, message: t('chatbots:import.errors.notJson') };
  }
}

/** Which item of a list a problem is in: "Source 3: …". */
const LIST_ITEMS: Record<string, string> = {
  sources: 'chatbots:import.errors.inSource',
  allowedOrigins: 'chatbots:import.errors.inWebsite',
};

/**
 * The import's problems as sentences, most important first: the schema's
 * messages already say what is wrong, so only list items get a prefix telling
 * which one (`data.sources.2.content` → "Source 3: …"). At most `limit`.
 */
export function describeImportIssues(t: TFunction, fieldErrors: Record<string, string[]>, limit = 3): string[] {
  const lines: string[] = [];
  for (const [key, messages] of Object.entries(fieldErrors)) {
    const [, list, index] = key.split('.');
    const item = list && LIST_ITEMS[list] && index && /^\d+$/.test(index) ? LIST_ITEMS[list] : null;
    for (const message of messages) {
      const line = item ? t(item, { number: Number(index) + 1, message }) : message;
      if (!lines.includes(line)) lines.push(line);
    }
  }
  if (lines.length <= limit) return lines;
  return [...lines.slice(0, limit), t('chatbots:import.errors.more', { count: lines.length - limit })];
}
