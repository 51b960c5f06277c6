import type { AppLoadContext, UploadHandler } from '@remix-run/node';
import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node';
import type { TFunction } from 'i18next';
import { runFormAction, type TFormFailure } from '~/lib/forms.server';
import { formatFor } from '~/lib/format';
import { requestT } from '~/lib/i18n.server';
import { fileProblem, MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD } from './source-limits';

/**
 * What every knowledge form gets back (one shape, so the shared components
 * can show it without knowing which page's action answered).
 */
export type TSourceActionResult = {
  intent: string;
  ok: boolean;
  /** Why nothing was done, for the whole form (an alert). */
  message: string | null;
  /** What was done (a polite status). */
  notice: string | null;
  fieldErrors: Record<string, string[]>;
  /** What was typed, so a refused form keeps it. */
  values: Record<string, string>;
  /** Uploads: one sentence per file that was not added (the others were). */
  problems: string[];
};

const done = (intent: string, message: string): TSourceActionResult => ({
  intent,
  ok: true,
  message: null,
  notice: message,
  fieldErrors: {},
  values: {},
  problems: [],
});

const refused = (intent: string, failure: TFormFailure | { message: string }): TSourceActionResult => ({
  intent,
  ok: false,
  message: failure.message,
  notice: null,
  fieldErrors: 'fieldErrors' in failure ? failure.fieldErrors : {},
  values: 'values' in failure ? failure.values : {},
  problems: [],
});

/** A part so far over the limit that reading the rest of it is not worth it. */
class UploadAbandoned extends Error {}

/** Beyond this a request is refused before a byte of it is read: every file at its limit, plus the form fields. */
const MAX_REQUEST_BYTES = MAX_FILES_PER_UPLOAD * MAX_FILE_BYTES + 1_000_000;

/**
 * Keeps uploaded files in memory up to the limit, and only names the ones
 * over it: the rest of a somewhat oversized part is read and dropped (so the
 * other files still arrive) instead of failing the whole form with Remix's
 * MaxPartSizeExceededError, which does not say which file it was. A part
 * twice the limit stops the upload.
 */
function uploadHandler(t: TFunction, refusedFiles: string[]): UploadHandler {
  const fields = unstable_createMemoryUploadHandler({ maxPartSize: 1_000_000 });
  let files = 0;
  return async (part) => {
    if (typeof part.filename !== 'string') return fields(part);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of part.data) {
      size += chunk.byteLength;
      if (size <= MAX_FILE_BYTES) chunks.push(chunk);
      else if (size > 2 * MAX_FILE_BYTES) {
        throw new UploadAbandoned(t('knowledge:files.abandoned', { name: part.filename }));
      }
    }
    // An empty file input still sends a part, with no name and no bytes.
    if (!part.filename && size === 0) return undefined;
    const problem = fileProblem(t, { name: part.filename, size });
    if (problem) {
      refusedFiles.push(problem);
      return undefined;
    }
    files += 1;
    if (files > MAX_FILES_PER_UPLOAD) {
      refusedFiles.push(t('knowledge:files.overCount', { name: part.filename, maximum: MAX_FILES_PER_UPLOAD }));
      return undefined;
    }
    return new File([new Uint8Array(Buffer.concat(chunks))], part.filename, { type: part.contentType });
  };
}

const isMultipart = (request: Request) =>
  (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');

/**
 * The knowledge forms of the chatbot pages (Knowledge, FAQ, setup wizard):
 * each form names its `intent`; every call goes through the same tRPC
 * procedures the API offers, so roles and validation are the server's.
 */
export async function handleSourceAction(
  context: AppLoadContext,
  request: Request,
  ids: { workspaceId: string; chatbotId: string },
): Promise<TSourceActionResult> {
  const { workspaceId, chatbotId } = ids;
  const t = requestT(context);
  const refusedFiles: string[] = [];
  let form: FormData;
  if (isMultipart(request)) {
    if (Number(request.headers.get('content-length') ?? 0) > MAX_REQUEST_BYTES) {
      return refused('addFiles', {
        message: t('knowledge:files.requestTooLarge', { maximum: MAX_FILES_PER_UPLOAD }),
      });
    }
    try {
      form = await unstable_parseMultipartFormData(request, uploadHandler(t, refusedFiles));
    } catch (error) {
      if (error instanceof UploadAbandoned) return refused('addFiles', { message: error.message });
      throw error;
    }
  } else {
    form = await request.formData();
  }
  const field = (name: string) => String(form.get(name) ?? '');
  const intent = field('intent');
  const trpc = context.trpc.knowledge.source;
  const simple = async (call: () => Promise<unknown>, message: string) => {
    const result = await runFormAction(form, call);
    return result.ok ? done(intent, message) : refused(intent, result);
  };

  switch (intent) {
    case 'addText':
      return simple(
        () => trpc.createText({ workspaceId, chatbotId, title: field('title'), content: field('content') }),
        t('knowledge:notices.addedText', { title: field('title').trim() }),
      );
    case 'addFaq':
      return simple(
        () => trpc.createFaq({ workspaceId, chatbotId, question: field('question'), answer: field('answer') }),
        t('knowledge:notices.addedFaq'),
      );
    case 'updateFaq':
      return simple(
        () =>
          trpc.updateFaq({
            workspaceId,
            sourceId: field('sourceId'),
            question: field('question'),
            answer: field('answer'),
          }),
        t('knowledge:notices.savedFaq'),
      );
    case 'addUrl':
      return simple(
        () => trpc.createUrl({ workspaceId, chatbotId, url: field('url').trim() }),
        t('knowledge:notices.addedPage'),
      );
    case 'addSitemap':
      return simple(
        () => trpc.createSitemap({ workspaceId, chatbotId, url: field('url').trim() }),
        t('knowledge:notices.addedSitemap'),
      );
    case 'delete':
      return simple(() => trpc.delete({ workspaceId, sourceId: field('sourceId') }), t('knowledge:notices.deleted'));
    case 'retry':
      return simple(() => trpc.retry({ workspaceId, sourceId: field('sourceId') }), t('knowledge:notices.retrying'));
    case 'addCrawl': {
      const lines = (name: string) =>
        field(name)
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean);
      const number = (name: string) => (field(name).trim() ? Number(field(name)) : undefined);
      return simple(
        () =>
          trpc.createCrawl({
            workspaceId,
            chatbotId,
            url: field('url').trim(),
            pathPrefix: field('pathPrefix'),
            include: lines('include'),
            exclude: lines('exclude'),
            maxPages: number('maxPages'),
            maxDepth: number('maxDepth'),
          }),
        t('knowledge:notices.crawling'),
      );
    }
    case 'rename':
      return simple(
        () => trpc.rename({ workspaceId, sourceId: field('sourceId'), title: field('title') }),
        t('knowledge:notices.renamed'),
      );
    case 'updateText':
      return simple(
        () =>
          trpc.updateText({
            workspaceId,
            sourceId: field('sourceId'),
            title: field('title'),
            content: field('content'),
          }),
        t('knowledge:notices.savedText'),
      );
    case 'setSyncInterval':
      return simple(
        () =>
          trpc.setSyncInterval({
            workspaceId,
            sourceId: field('sourceId'),
            interval: field('interval') as 'off' | 'shortest' | 'hourly' | 'daily' | 'weekly',
          }),
        t('knowledge:notices.savedInterval'),
      );
    case 'sync':
      return simple(() => trpc.sync({ workspaceId, sourceId: field('sourceId') }), t('knowledge:notices.syncing'));
    case 'replaceFile': {
      const file = form.getAll('files').find((value): value is File => typeof value !== 'string');
      if (!file) {
        const message = t('knowledge:validation.fileRequired');
        return { ...refused(intent, { message }), fieldErrors: { files: [message] } };
      }
      return simple(
        async () =>
          trpc.replaceFile({
            workspaceId,
            sourceId: field('sourceId'),
            fileName: file.name,
            contentBase64: Buffer.from(await file.arrayBuffer()).toString('base64'),
          }),
        t('knowledge:notices.replaced', { name: file.name }),
      );
    }
    case 'addFiles':
      return addFiles(context, t, { workspaceId, chatbotId, intent }, form, refusedFiles);
    default:
      return refused(intent, { message: t('knowledge:errors.formOutdated') });
  }
}

async function addFiles(
  context: AppLoadContext,
  t: TFunction,
  ids: { workspaceId: string; chatbotId: string; intent: string },
  form: FormData,
  problems: string[],
): Promise<TSourceActionResult> {
  const files = form.getAll('files').filter((value): value is File => typeof value !== 'string');
  if (files.length === 0 && problems.length === 0) {
    const message = t('knowledge:files.noneChosen');
    return { ...refused(ids.intent, { message }), fieldErrors: { files: [message] } };
  }
  const added: string[] = [];
  // One at a time: each file is its own source, so one refused file never undoes the others.
  for (const file of files) {
    const result = await runFormAction(form, async () =>
      context.trpc.knowledge.source.createFile({
        workspaceId: ids.workspaceId,
        chatbotId: ids.chatbotId,
        fileName: file.name,
        contentBase64: Buffer.from(await file.arrayBuffer()).toString('base64'),
      }),
    );
    if (result.ok) added.push(file.name);
    else {
      const detail = Object.values(result.fieldErrors).flat()[0] ?? result.message;
      problems.push(t('knowledge:files.refused', { name: file.name, reason: detail }));
    }
  }
  return {
    intent: ids.intent,
    ok: problems.length === 0,
    message:
      added.length > 0 ? null : t(problems.length === 1 ? 'knowledge:files.oneNotAdded' : 'knowledge:files.noneAdded'),
    notice:
      added.length > 0
        ? t('knowledge:files.added', { count: added.length, names: formatFor(context.locale ?? 'en').list(added) })
        : null,
    fieldErrors: {},
    values: {},
    problems,
  };
}
