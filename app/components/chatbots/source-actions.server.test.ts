import type { AppLoadContext } from '@remix-run/node';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { handleSourceAction } from './source-actions.server';
import { MAX_FILE_BYTES } from './source-limits';

const ids = { workspaceId: 'w1', chatbotId: 'c1' };

/** The tRPC caller as the action sees it; only the procedures these tests reach. */
function fakeContext(source: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {}) {
  const calls: { procedure: string; input: Record<string, unknown> }[] = [];
  const proxy = new Proxy(
    {},
    {
      get: (_target, procedure: string) => async (input: Record<string, unknown>) => {
        calls.push({ procedure, input });
        return source[procedure] ? source[procedure](input) : { id: 's1' };
      },
    },
  );
  return { context: { trpc: { knowledge: { source: proxy } } } as unknown as AppLoadContext, calls };
}

const post = (body: FormData, headers?: Record<string, string>) =>
  new Request('http://parley.test/app/chatbots/c1', { method: 'POST', body, headers });

const filesForm = (...files: File[]) => {
  const body = new FormData();
  body.set('intent', 'addFiles');
  for (const file of files) body.append('files', file);
  return body;
};

/** A refusal as errorMapping sends it: translated, with the line above a form whose fields need fixing. */
const refusal = (message: string, fieldErrors?: Record<string, string[]>) =>
  new TRPCError({
    code: 'BAD_REQUEST',
    message,
    cause: Object.assign(new Error(message), { fieldErrors, fixFieldsMessage: 'Please fix the highlighted fields.' }),
  });

describe('handleSourceAction: uploads', () => {
  it('adds each file as its own source, its bytes as base64', async () => {
    const { context, calls } = fakeContext();
    const result = await handleSourceAction(
      context,
      post(filesForm(new File(['# Lamp'], 'lamp.md'), new File(['%PDF-1.4 …'], 'rules.pdf'))),
      ids,
    );
    expect(calls).toEqual([
      { procedure: 'createFile', input: { ...ids, fileName: 'lamp.md', contentBase64: btoa('# Lamp') } },
      {
        procedure: 'createFile',
        input: { ...ids, fileName: 'rules.pdf', contentBase64: Buffer.from('%PDF-1.4 …').toString('base64') },
      },
    ]);
    expect(result).toMatchObject({ ok: true, notice: 'Added lamp.md and rules.pdf. They are being read and indexed.' });
  });

  it('names a file over 10 MB or of a kind it cannot read, and still adds the others', async () => {
    const { context, calls } = fakeContext();
    const result = await handleSourceAction(
      context,
      post(
        filesForm(
          new File([new Uint8Array(MAX_FILE_BYTES + 1)], 'scan.pdf'),
          new File(['hello'], 'notes.docx'),
          new File(['fine'], 'ok.txt'),
        ),
      ),
      ids,
    );
    expect(calls.map((call) => call.input.fileName)).toEqual(['ok.txt']);
    expect(result.ok).toBe(false);
    expect(result.notice).toBe('Added ok.txt. It is being read and indexed.');
    expect(result.problems).toEqual([
      'scan.pdf is 10.1 MB; files can be at most 10 MB.',
      'notes.docx is not a file we can read: upload .txt, .md, .html or .pdf files.',
    ]);
  });

  it('stops reading a part far over the limit, and refuses a request too large to be an upload at all', async () => {
    const { context, calls } = fakeContext();
    const huge = await handleSourceAction(
      context,
      post(filesForm(new File([new Uint8Array(2 * MAX_FILE_BYTES + 1)], 'huge.pdf'))),
      ids,
    );
    expect(huge).toMatchObject({ ok: false, message: expect.stringContaining('huge.pdf is over 20 MB') });
    const declared = await handleSourceAction(
      context,
      post(filesForm(new File(['x'], 'a.txt')), { 'content-length': String(200 * 1024 * 1024) }),
      ids,
    );
    expect(declared).toMatchObject({ ok: false, message: expect.stringContaining('too large') });
    expect(calls).toEqual([]);
  });

  it("shows the server's reason for a file it refused, and asks for a file when none was chosen", async () => {
    const { context } = fakeContext({
      createFile: () => Promise.reject(refusal('Please fix', { contentBase64: ['This PDF has no text to read.'] })),
    });
    const result = await handleSourceAction(context, post(filesForm(new File(['%PDF'], 'scan.pdf'))), ids);
    expect(result).toMatchObject({
      ok: false,
      message: 'That file was not added.',
      notice: null,
      problems: ['scan.pdf: This PDF has no text to read.'],
    });

    const empty = filesForm();
    empty.append('files', new File([], ''));
    const none = await handleSourceAction(context, post(empty), ids);
    expect(none.fieldErrors.files).toEqual(['Choose at least one file.']);
  });
});

describe('handleSourceAction: the other forms', () => {
  it('passes each intent to its procedure with the ids', async () => {
    const { context, calls } = fakeContext();
    const form = (fields: Record<string, string>) => {
      const body = new URLSearchParams(fields);
      return new Request('http://parley.test/x', { method: 'POST', body });
    };
    await handleSourceAction(context, form({ intent: 'addText', title: 'T', content: 'C' }), ids);
    await handleSourceAction(context, form({ intent: 'addUrl', url: ' https://example.com/a ' }), ids);
    await handleSourceAction(context, form({ intent: 'addSitemap', url: 'https://example.com/sitemap.xml' }), ids);
    await handleSourceAction(context, form({ intent: 'updateFaq', sourceId: 's9', question: 'Q', answer: 'A' }), ids);
    await handleSourceAction(context, form({ intent: 'retry', sourceId: 's9' }), ids);
    expect(calls).toEqual([
      { procedure: 'createText', input: { ...ids, title: 'T', content: 'C' } },
      { procedure: 'createUrl', input: { ...ids, url: 'https://example.com/a' } },
      { procedure: 'createSitemap', input: { ...ids, url: 'https://example.com/sitemap.xml' } },
      { procedure: 'updateFaq', input: { workspaceId: 'w1', sourceId: 's9', question: 'Q', answer: 'A' } },
      { procedure: 'retry', input: { workspaceId: 'w1', sourceId: 's9' } },
    ]);
  });

  it('returns field errors and what was typed when the server refuses', async () => {
    const { context } = fakeContext({
      createFaq: () => Promise.reject(refusal('Please fix', { answer: ['Enter the answer.'] })),
    });
    const body = new URLSearchParams({ intent: 'addFaq', question: 'Open on Sundays?', answer: ' ' });
    const result = await handleSourceAction(
      context,
      new Request('http://parley.test/x', { method: 'POST', body }),
      ids,
    );
    expect(result).toMatchObject({
      ok: false,
      message: 'Please fix the highlighted fields.',
      fieldErrors: { answer: ['Enter the answer.'] },
      values: { question: 'Open on Sundays?' },
    });
  });

  it('answers an unknown intent with a sentence, not an error page', async () => {
    const { context, calls } = fakeContext();
    const body = new URLSearchParams({ intent: 'explode' });
    const result = await handleSourceAction(
      context,
      new Request('http://parley.test/x', { method: 'POST', body }),
      ids,
    );
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('reload the page') });
    expect(calls).toEqual([]);
  });
});
