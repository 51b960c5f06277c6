import { unstable_parseMultipartFormData } from '@remix-run/node';
import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../../shared/i18n/server';
import {
  describeImportIssues,
  importUploadHandler,
  MAX_IMPORT_BYTES,
  parseImportJson,
  type TImportUpload,
} from './import-chatbot.server';

const t = translatorFor('en');

const uploadOf = async (file: File | null) => {
  const body = new FormData();
  body.set('intent', 'import');
  if (file) body.set('file', file);
  const upload: { current: TImportUpload } = { current: { kind: 'none' } };
  const form = await unstable_parseMultipartFormData(
    new Request('http://parley.test/app/chatbots', { method: 'POST', body }),
    importUploadHandler(upload),
  );
  return { upload: upload.current, form };
};

describe('importUploadHandler', () => {
  it('reads the file as text and keeps the other fields', async () => {
    const { upload, form } = await uploadOf(new File(['{"name":"Zoë"}'], 'bot.json', { type: 'application/json' }));
    expect(upload).toEqual({ kind: 'file', name: 'bot.json', text: '{"name":"Zoë"}' });
    expect(form.get('intent')).toBe('import');
  });

  it('reports a file over the limit without keeping it, and notices no file at all', async () => {
    const big = new File([new Uint8Array(MAX_IMPORT_BYTES + 1)], 'big.json');
    expect((await uploadOf(big)).upload).toEqual({ kind: 'tooLarge' });
    expect((await uploadOf(null)).upload).toEqual({ kind: 'none' });
  });
});

describe('parseImportJson', () => {
  it('reads JSON, with or without a byte-order mark', () => {
    expect(parseImportJson(t, '{"a":1}')).toEqual({ ok: true, data: { a: 1 } });
    expect(parseImportJson(t, '\uFEFF[1]')).toEqual({ ok: true, data: [1] });
  });

  it('says plainly when the file is not JSON', () => {
    const result = parseImportJson(t, 'name: not json');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/not valid JSON/);
  });
});

describe('describeImportIssues', () => {
  it('names the list item a problem is in and keeps other messages as they are', () => {
    expect(
      describeImportIssues(t, {
        'data.format': ['This is not a Parley chatbot export (format "parley.chatbot").'],
        'data.sources.2.content': ['Each source needs its text in "content".'],
        'data.allowedOrigins.0': ['“ftp://x” is not a website address: use https://example.com'],
      }),
    ).toEqual([
      'This is not a Parley chatbot export (format "parley.chatbot").',
      'Source 3: Each source needs its text in "content".',
      'Website 1: “ftp://x” is not a website address: use https://example.com',
    ]);
  });

  it('shows the first few and counts the rest', () => {
    const many = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [`data.sources.${i}.title`, ['Each source needs a title.']]),
    );
    expect(describeImportIssues(t, many)).toEqual([
      'Source 1: Each source needs a title.',
      'Source 2: Each source needs a title.',
      'Source 3: Each source needs a title.',
      '…and 3 more problems.',
    ]);
  });

  it('speaks the reader’s language', () => {
    const many = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`data.sources.${i}.title`, [`Problem ${i}`]]));
    expect(describeImportIssues(translatorFor('de'), many)).toEqual([
      'Quelle 1: Problem 0',
      'Quelle 2: Problem 1',
      'Quelle 3: Problem 2',
      '…und 1 weiteres Problem.',
    ]);
  });
});
