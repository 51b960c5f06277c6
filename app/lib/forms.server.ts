import { fieldErrorsOf } from '../../shared/field-errors';

export type TFormFailure = {
  ok: false;
  /** A sentence for the whole form (shown above it and announced). */
  message: string;
  /** Sentences per field, shown next to the field. */
  fieldErrors: Record<string, string[]>;
  /** What was typed, so the form keeps it (passwords are never sent back). */
  values: Record<string, string>;
  /** The tRPC error code, for a page that offers a next step for one kind of refusal. */
  code: string;
};

export type TFormSuccess<T> = { ok: true; data: T };

const isTrpcError = (error: unknown): error is { code: string; message: string; cause?: unknown } =>
  !!error && typeof error === 'object' && (error as { name?: string }).name === 'TRPCError';

/** What the form held, minus anything secret. */
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form) {
    if (typeof value === 'string' && !/password|token/i.test(key)) values[key] = value;
  }
  return values;
}

/**
 * Runs one tRPC call for a Remix action and turns the errors a person can act
 * on into a form failure; anything else is rethrown for the error boundary.
 */
export async function runFormAction<T>(
  form: FormData,
  call: () => Promise<T>,
): Promise<TFormSuccess<T> | TFormFailure> {
  try {
    return { ok: true, data: await call() };
  } catch (error) {
    if (!isTrpcError(error) || error.code === 'INTERNAL_SERVER_ERROR') throw error;
    const fieldErrors = fieldErrorsOf(error.cause) ?? {};
    // The line above a form whose fields need fixing comes translated with the error (see errorMapping).
    const fixFields = (error.cause as { fixFieldsMessage?: string } | undefined)?.fixFieldsMessage;
    const message =
      error.code === 'BAD_REQUEST' && Object.keys(fieldErrors).length > 0 && fixFields ? fixFields : error.message;
    return { ok: false, message, fieldErrors, values: formValues(form), code: error.code };
  }
}

/**
 * A post naming a form this page does not have (an old tab after an update,
 * or a hand-made request): a 400 the error boundary explains, not a crash.
 */
export const unknownForm = (intent: string) =>
  new Response(`This page has no form named “${intent.slice(0, 40)}”. Reload the page and try again.`, {
    status: 400,
  });
