/**
 * Writes tests/fixtures/knowledge/files/constitution.pdf: a small, valid
 * PDF with a real text layer (Helvetica, one page), made by hand so the
 * fixture has no generator dependency and its bytes are explained here.
 * The text is from the Constitution of the United States (public domain).
 *
 *   npx tsx scripts/make-knowledge-pdf.ts
 */
import fs from 'node:fs';

const OUTPUT = 'tests/fixtures/knowledge/files/constitution.pdf';

const lines: Array<[size: number, text: string]> = [
  [18, 'The Constitution of the United States'],
  [14, 'Preamble'],
  [11, 'We the People of the United States, in Order to form a more perfect Union,'],
  [11, 'establish Justice, insure domestic Tranquility, provide for the common defence,'],
  [11, 'promote the general Welfare, and secure the Blessings of Liberty to ourselves'],
  [11, 'and our Posterity, do ordain and establish this Constitution for the United'],
  [11, 'States of America.'],
  [14, 'Article I, Section 1'],
  [11, 'All legislative Powers herein granted shall be vested in a Congress of the'],
  [11, 'United States, which shall consist of a Senate and House of Representatives.'],
];

// PDF string literals escape backslashes and parentheses.
const escape = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);

let y = 740;
const operations = lines.map(([size, text]) => {
  y -= size + 10;
  return `BT /F1 ${size} Tf 72 ${y} Td (${escape(text)}) Tj ET`;
});
const stream = operations.join('\n');

const objects = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
  '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  '<< /Title (The Constitution of the United States) /Producer (Parley test fixture) >>',
];

let body = '%PDF-1.4\n';
const offsets: number[] = [];
objects.forEach((object, i) => {
  offsets.push(Buffer.byteLength(body, 'latin1'));
  body += `${i + 1} 0 obj\n${object}\nendobj\n`;
});
const xrefAt = Buffer.byteLength(body, 'latin1');
// Each cross-reference entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, flag, CR LF.
body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n\r\n`;
body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;

fs.writeFileSync(OUTPUT, body, 'latin1');
process.stdout.write(`wrote ${OUTPUT} (${Buffer.byteLength(body, 'latin1')} bytes)\n`);
