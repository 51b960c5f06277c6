import { translateMessage, type TMessage } from '../shared/i18n/server';

/**
 * The one error services throw. Its message is a translation key (with the
 * values its sentence needs) for the person using Parley: what went wrong,
 * what to do next. A single tRPC middleware turns it into the matching
 * TRPCError in the language of the request; `message` itself holds the
 * English sentence, for logs. Anything else that escapes a service is an
 * internal error: logged with the request id, never shown.
 */
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly key: TMessage,
    /** Messages (keys) for individual input fields, shown next to them in forms. */
    readonly fieldErrors?: Record<string, TMessage[]>,
  ) {
    super(translateMessage('en', key));
    this.name = 'AppError';
  }
}
