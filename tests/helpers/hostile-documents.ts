import { deflateSync } from 'node:zlib';

/**
 * Documents built to exhaust a parser, made on the spot (no committed
 * binaries): the files that froze the server before parsing moved into
 * workers with limits. Used by the ingestion tests and bench/ingest.bench.ts.
 */

/** `<div>` opened `bytes / 5` times and never closed: 2 MB is 400,000 levels. */
export const nestedHtml = (bytes = 2 * 1024 * 1024) => new TextEncoder().encode('<div>'.repeat(Math.floor(bytes / 5)));

type TPdfObject = string | { dictionary: string; data: Buffer };

/**
 * A PDF written by hand from its objects (numbered from 1; object 1 must be
 * the catalog), with a correct cross-reference table, the layout
 * scripts/make-knowledge-pdf.ts explains.
 */
export function minimalPdf(objects: TPdfObject[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  let length = parts[0]!.length;
  const push = (part: Buffer) => {
    parts.push(part);
    length += part.length;
  };
  const offsets = objects.map((object, i) => {
    const offset = length;
    if (typeof object === 'string') push(Buffer.from(`${i + 1} 0 obj\n${object}\nendobj\n`, 'latin1'));
    else {
      push(Buffer.from(`${i + 1} 0 obj\n${object.dictionary}\nstream\n`, 'latin1'));
      push(object.data);
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    }
    return offset;
  });
  const xref = length;
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, flag, CR LF.
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n\r\n`).join('');
  push(
    Buffer.from(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n${entries}` +
        `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
      'latin1',
    ),
  );
  return new Uint8Array(Buffer.concat(parts));
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/**
 * One page whose content stream is a line of text followed by `inflatedBytes`
 * of spaces, deflated: 200 MB of spaces deflate to ~200 KB.
 */
export function inflatingPdf(inflatedBytes = 200 * 1024 * 1024): Uint8Array {
  const text = Buffer.from('BT /F1 12 Tf 72 720 Td (Opening hours) Tj ET\n', 'latin1');
  const content = deflateSync(Buffer.concat([text, Buffer.alloc(inflatedBytes, 0x20)]), { level: 9 });
  return minimalPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    { dictionary: `<< /Length ${content.length} /Filter /FlateDecode >>`, data: content },
    FONT,
  ]);
}

/** `pages` pages, each a line of text (objects 4 and 5 are the shared font and content). */
export function manyPagesPdf(pages: number): Uint8Array {
  const content = Buffer.from('BT /F1 12 Tf 72 720 Td (A page of the manual) Tj ET', 'latin1');
  const kids = Array.from({ length: pages }, (_, i) => `${i + 6} 0 R`).join(' ');
  return minimalPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    '<< /Producer (Parley test) >>',
    FONT,
    { dictionary: `<< /Length ${content.length} >>`, data: content },
    ...Array.from(
      { length: pages },
      () =>
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>',
    ),
  ]);
}
