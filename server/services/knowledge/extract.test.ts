import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { chunkText } from './chunking';
import { detectFileType, extractDocument, extractFile, MAX_FILE_BYTES, normaliseText, validateUpload } from './extract';
import { htmlToText } from './extract-html';

const fixture = (name: string) => new Uint8Array(fs.readFileSync(`tests/fixtures/knowledge/files/${name}`));
const bytes = (text: string) => new TextEncoder().encode(text);

const refusal = async (run: () => unknown) => {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).message;
  }
  throw new Error('expected a refusal');
};

/** A one-page PDF whose page draws `stream` (the fixture script explains the layout). */
const pdfWith = (stream: string) => {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n\r\n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return bytes(body);
};

describe('detectFileType', () => {
  it('reads the type from the extension, or the MIME type when the extension says nothing', () => {
    expect(detectFileType({ fileName: 'a.TXT', bytes: bytes('hi') })).toBe('text');
    expect(detectFileType({ fileName: 'a.md', bytes: bytes('# hi') })).toBe('markdown');
    expect(detectFileType({ fileName: 'a.htm', bytes: bytes('<p>hi') })).toBe('html');
    expect(detectFileType({ fileName: 'notes', bytes: bytes('hi'), mimeType: 'text/plain; charset=utf-8' })).toBe(
      'text',
    );
  });

  it('trusts the %PDF signature over the name, and refuses a .pdf without it', async () => {
    expect(detectFileType({ fileName: 'renamed.txt', bytes: fixture('constitution.pdf') })).toBe('pdf');
    expect(await refusal(() => detectFileType({ fileName: 'fake.pdf', bytes: bytes('hello') }))).toBe(
      'This is not a valid PDF (it lacks the PDF header).',
    );
  });

  it('refuses unsupported types and binary files, naming what is supported', async () => {
    expect(await refusal(() => detectFileType({ fileName: 'photo.png', bytes: bytes('PNG') }))).toBe(
      'This is not a file Parley can read. Parley reads .txt, .md, .html or .pdf files.',
    );
    expect(await refusal(() => detectFileType({ fileName: 'a.txt', bytes: new Uint8Array([104, 0, 105]) }))).toBe(
      'This does not look like a text file. Parley reads .txt, .md, .html or .pdf files.',
    );
  });
});

describe('validateUpload', () => {
  it('refuses empty files and files over 10 MB with the size in the sentence', async () => {
    expect(await refusal(() => validateUpload({ fileName: 'a.txt', bytes: new Uint8Array() }))).toBe(
      'The file is empty.',
    );
    const big = new Uint8Array(MAX_FILE_BYTES + 300_000).fill(97);
    expect(await refusal(() => validateUpload({ fileName: 'a.txt', bytes: big }))).toBe(
      'The file is 10.3 MB; files can be at most 10 MB.',
    );
    expect(validateUpload({ fileName: 'a.txt', bytes: new Uint8Array(MAX_FILE_BYTES).fill(97) })).toBe('text');
  });
});

describe('extraction', () => {
  it('keeps text and Markdown as they are (tidied whitespace, no BOM)', async () => {
    const markdown = await extractFile({ fileName: 'lighthouse-keeping.md', bytes: fixture('lighthouse-keeping.md') });
    expect(markdown.text.startsWith('# Keeping the lamp')).toBe(true);
    expect(chunkText(markdown.text).map((chunk) => chunk.headingPath)).toContain(
      'Keeping the lamp › Cleaning the lens',
    );

    const text = await extractDocument('text', bytes('\uFEFFOne.\r\n\r\n\r\n\r\nTwo.   \n'));
    expect(text).toEqual({ text: 'One.\n\nTwo.', title: null });
  });

  it('tidies trailing spaces in linear time, however long a run of spaces inside a line', () => {
    // `/[ \t]+$/gm` backtracked quadratically on this: 200,000 spaces were four minutes of one core.
    const padded = `a${' '.repeat(200_000)}b`;
    expect(normaliseText(`${padded}   \nc\t\n\n\n\nd`)).toBe(`${padded}\nc\n\nd`);
  });

  it('reads an HTML page without its navigation, scripts, styles or footer, headings as Markdown', async () => {
    const { text, title } = await extractFile({ fileName: 'harbour-page.html', bytes: fixture('harbour-page.html') });
    expect(title).toBe('Harbour opening hours | Port Example');
    expect(text).toContain('# Harbour opening hours');
    expect(text).toContain('## Winter hours\n\nFrom November to March the gates open at eight');
    expect(text).toContain('- Fresh water is available on every pontoon.');
    for (const boilerplate of [
      'Tariffs and fees',
      'tracking the visitor',
      'font-family',
      'newsletter',
      'Cookie settings',
    ])
      expect(text).not.toContain(boilerplate);
    // Small chunks, so each section is one: the page's headings are its chunks' heading paths.
    expect(chunkText(text, { targetWords: 20, maxWords: 40, overlapWords: 0 }).map((c) => c.headingPath)).toContain(
      'Harbour opening hours › Visitor berths',
    );
  });

  it('keeps every section of a multi-section page (where reader mode alone may keep one)', () => {
    const sections = ['Billing', 'Accounts', 'Security']
      .map(
        (name) =>
          `<section class="faq"><h2>${name}</h2><p>${`${name} questions are answered by our support team. `.repeat(3)}</p></section>`,
      )
      .join('');
    const { text } = htmlToText(`<html><head><title>Help</title></head><body><nav>Home</nav>${sections}</body></html>`);
    for (const name of ['## Billing', '## Accounts', '## Security']) expect(text).toContain(name);
    expect(text).not.toContain('Home');
  });

  it('reads a bare fragment (no <html> or <body>), its heading kept once', () => {
    const { text, title } = htmlToText('<title>The wick</title><h1>The wick</h1><p>Trim it every four hours.</p>');
    expect(title).toBe('The wick');
    expect(text).toBe('# The wick\n\nTrim it every four hours.');
  });

  it('decodes a page in the encoding its <meta> tag names', async () => {
    const page = Buffer.from(
      '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 cr\u00e8me</p></body></html>',
      'latin1',
    );
    expect((await extractDocument('html', new Uint8Array(page))).text).toBe('Café crème');
  });

  it('reads the text layer and title of a PDF', async () => {
    const { text, title } = await extractFile({ fileName: 'constitution.pdf', bytes: fixture('constitution.pdf') });
    expect(title).toBe('The Constitution of the United States');
    expect(text).toContain('We the People of the United States, in Order to form a more perfect Union,');
    expect(text).toContain('shall be vested in a Congress of the');
  });

  it('says so when a PDF has no text layer, or is not readable at all', async () => {
    // A page that only paints a rectangle, like a scan paints its image.
    expect(await refusal(() => extractFile({ fileName: 'scan.pdf', bytes: pdfWith('0 0 100 100 re f') }))).toBe(
      'The PDF has no text layer (is it a scan?). Parley needs a PDF with selectable text.',
    );
    expect(await refusal(() => extractFile({ fileName: 'broken.pdf', bytes: bytes('%PDF-1.4\nnothing here') }))).toBe(
      'The PDF could not be read; it may be damaged. Try saving it again and re-upload it.',
    );
  });
});
