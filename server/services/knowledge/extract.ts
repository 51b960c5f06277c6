import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractText as extractPdfText, getDocumentProxy, getMeta } from 'unpdf';
import { AppError } from '../../errors';

/** Uploads larger than this are refused before they are stored. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const SUPPORTED_FILES = '.txt, .md, .html or .pdf';
const SUPPORTED_FILES_SENTENCE = `Parley reads ${SUPPORTED_FILES} files.`;

export type TDocumentType = 'text' | 'markdown' | 'html' | 'pdf';

/** What is stored as an upload's type: the detected one, not whatever the browser claimed. */
export const MIME_TYPES: Record<TDocumentType, string> = {
  text: 'text/plain',
  markdown: 'text/markdown',
  html: 'text/html',
  pdf: 'application/pdf',
};
export type TExtracted = { text: string; title: string | null };

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

export const formatMegabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

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
  if (!type) throw new AppError('BAD_REQUEST', `This is not a file Parley can read. ${SUPPORTED_FILES_SENTENCE}`);
  if (type === 'pdf') throw new AppError('BAD_REQUEST', 'This is not a valid PDF (it lacks the PDF header).');
  // A NUL byte never appears in real text: this is a binary file with a text-looking name.
  if (file.bytes.subarray(0, 8192).includes(0))
    throw new AppError('BAD_REQUEST', `This does not look like a text file. ${SUPPORTED_FILES_SENTENCE}`);
  return type;
}

/**
 * Size and type checks at upload time, so a bad file is refused at once
 * instead of failing later. Messages do not repeat the file name: the upload
 * form and the sources list already show it next to them.
 */
export function validateUpload(file: { fileName: string; bytes: Uint8Array; mimeType?: string | null }) {
  if (file.bytes.length === 0) throw new AppError('BAD_REQUEST', 'The file is empty.');
  if (file.bytes.length > MAX_FILE_BYTES)
    throw new AppError(
      'BAD_REQUEST',
      `The file is ${formatMegabytes(file.bytes.length)}; files can be at most ${formatMegabytes(MAX_FILE_BYTES)}.`,
    );
  return detectFileType(file);
}

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

/** Same paragraphs, tidier whitespace: chunking splits on blank lines, so runs of them carry no meaning. */
export const normaliseText = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

// ---------------------------------------------------------------------------
// HTML

/** Page furniture that is never knowledge; removed before Readability and before the fallback. */
const BOILERPLATE = [
  'head',
  'title',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'canvas',
  'iframe',
  'object',
  'form',
  'button',
  'nav',
  'header',
  'footer',
  'aside',
  '[role=navigation]',
  '[role=banner]',
  '[role=contentinfo]',
  '[role=search]',
  '[aria-hidden=true]',
  '[hidden]',
].join(',');

const BLOCKS = new Set([
  'ADDRESS',
  'ARTICLE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'THEAD',
  'TFOOT',
  'UL',
]);

type TNode = { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<TNode> };

/**
 * Readable text from a DOM subtree: headings become Markdown `#` headings
 * (so chunking's heading path works for pages as for Markdown files), list
 * items `- ` lines, table rows one line each, other blocks paragraphs.
 */
function domToText(root: TNode): string {
  const out: string[] = [];
  const inline: string[] = [];
  const flush = () => {
    const line = inline.join('').replace(/\s+/g, ' ').trim();
    inline.length = 0;
    if (line) out.push(line);
  };
  const walk = (node: TNode) => {
    if (node.nodeType === 3) {
      inline.push(node.textContent ?? '');
      return;
    }
    if (node.nodeType !== 1) return;
    const name = node.nodeName.toUpperCase();
    const heading = /^H([1-6])$/.exec(name);
    if (heading) {
      flush();
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text) out.push('', `${'#'.repeat(Number(heading[1]))} ${text}`, '');
      return;
    }
    if (name === 'BR') {
      flush();
      return;
    }
    if (name === 'LI') {
      flush();
      inline.push('- ');
    } else if (name === 'TR') {
      flush();
    } else if (name === 'TD' || name === 'TH') {
      inline.push(' ');
    } else if (BLOCKS.has(name)) {
      flush();
      out.push('');
    }
    for (const child of Array.from(node.childNodes)) walk(child);
    if (name === 'LI' || name === 'TR') flush();
    else if (BLOCKS.has(name)) {
      flush();
      out.push('');
    }
  };
  walk(root);
  flush();
  return normaliseText(out.join('\n'));
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * The readable text of an HTML page and its `<title>`.
 *
 * Readability (Firefox's reader view, run here on linkedom — a light DOM
 * without jsdom's weight) finds the main content and drops what tags alone
 * cannot tell apart: sidebars, share bars, cookie banners, related links.
 * It is tuned for articles, though: on a help-centre or pricing page with
 * several sections it sometimes keeps just one. So when its result holds
 * much less than the page's main text (boilerplate elements removed), the
 * whole main text is used instead.
 */
export function htmlToText(html: string): TExtracted {
  // linkedom builds no <html>/<body> around a bare fragment (servers do send those); give it one.
  const { document } = parseHTML(/<html[\s>]/i.test(html) ? html : `<!doctype html><html><body>${html}</body></html>`);
  const title = (document.querySelector('title')?.textContent ?? '').replace(/\s+/g, ' ').trim() || null;
  for (const element of Array.from(document.querySelectorAll(BOILERPLATE))) element.remove();

  const main = document.querySelector('main, [role=main]') ?? document.body ?? document.documentElement;
  const fallback = main ? domToText(main as unknown as TNode) : '';

  const h1 = main?.querySelector('h1')?.textContent ?? null;
  let readable = '';
  try {
    // Readability mutates the document it is given, so it gets its own copy.
    const copy = parseHTML(document.toString()).document;
    const article = new Readability(copy as unknown as Document, { keepClasses: false }).parse();
    if (article?.content) {
      const body = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body;
      readable = domToText(body as unknown as TNode);
      // Readability lifts the page's main heading out as the title; put it back on top so every
      // chunk's heading path starts with what the page is about ("Opening hours › Winter"). The
      // page's own <h1> is preferred: Readability's title is often the <title>, site name and all.
      const heading = (h1 ?? article.title ?? '').replace(/\s+/g, ' ').trim();
      if (heading && readable && !readable.startsWith('# ')) {
        // Sometimes it keeps the <h1>, demoted to <h2>: then that line is the one promoted back.
        const first = /^#{1,6} (.*)\n*/.exec(readable);
        const rest = first && first[1] === heading ? readable.slice(first[0].length) : readable;
        readable = `# ${heading}\n\n${rest}`;
      }
    }
  } catch {
    // Readability gives up on some odd documents; the fallback text is still good.
  }
  const text = wordCount(readable) >= wordCount(fallback) * 0.6 ? readable : fallback;
  return { text, title };
}

// ---------------------------------------------------------------------------
// PDF

/**
 * Text of a PDF through unpdf (PDF.js built for servers), pages separated
 * by blank lines. A PDF without a text layer (a scan) yields nothing:
 * Parley does no OCR, and says so.
 */
export async function pdfToText(bytes: Uint8Array): Promise<TExtracted> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    // verbosity 0: PDF.js would otherwise print its repair warnings for damaged files to the console.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException')
      throw new AppError('BAD_REQUEST', 'The PDF is password-protected; upload a copy without a password.');
    throw new AppError(
      'BAD_REQUEST',
      'The PDF could not be read; it may be damaged. Try saving it again and re-upload it.',
    );
  }
  try {
    const { text } = await extractPdfText(pdf, { mergePages: false });
    const joined = normaliseText(text.map((page) => page.trim()).join('\n\n'));
    if (!/[\p{L}\p{N}]/u.test(joined))
      throw new AppError(
        'BAD_REQUEST',
        'The PDF has no text layer (is it a scan?). Parley needs a PDF with selectable text.',
      );
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

// ---------------------------------------------------------------------------

/** Text of a document of a known type. */
export async function extractDocument(
  type: TDocumentType,
  bytes: Uint8Array,
  charset?: string | null,
): Promise<TExtracted> {
  if (type === 'pdf') return pdfToText(bytes);
  // Many pages name their encoding only in a <meta> tag; its ASCII spelling is readable in any of them.
  const declared =
    charset ??
    (type === 'html'
      ? (/<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(
          new TextDecoder('latin1').decode(bytes.subarray(0, 2048)),
        )?.[1] ?? null)
      : null);
  const decoded = decodeText(bytes, declared).replace(/^\uFEFF/, '');
  if (type === 'html') return htmlToText(decoded);
  return { text: normaliseText(decoded), title: null };
}

/** An uploaded file's text; the type is detected again, so a stored file is never trusted blindly. */
export async function extractFile(file: { fileName: string; bytes: Uint8Array; mimeType?: string | null }) {
  return extractDocument(detectFileType(file), file.bytes);
}
