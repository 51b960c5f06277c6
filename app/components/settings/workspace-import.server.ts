import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node';
import { MAX_FILE_BYTES } from '../chatbots/source-limits';

/** Said when the uploaded archive is over the limit (a key); the import procedure says the same. */
export const ARCHIVE_TOO_LARGE = 'settings:errors.archiveTooLarge';

/**
 * The settings form's fields; the import's ZIP is kept in memory only up to
 * the upload limit (a larger one stops the read and comes back as
 * `archiveTooLarge`), so no upload can fill the server's memory.
 */
export async function readSettingsForm(request: Request): Promise<FormData> {
  if (!request.headers.get('content-type')?.startsWith('multipart/form-data')) return request.formData();
  try {
    return await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE_BYTES }),
    );
  } catch (error) {
    if (!(error instanceof MaxPartSizeExceededError)) throw error;
    const form = new FormData();
    form.set('intent', 'import');
    form.set('archiveTooLarge', '1');
    return form;
  }
}

/** The uploaded ZIP as base64, for the import procedure (empty when none was chosen). */
export async function archiveOf(form: FormData) {
  const file = form.get('archive');
  return file instanceof Blob ? Buffer.from(await file.arrayBuffer()).toString('base64') : '';
}
