/**
 * The one error services throw. Its message is a sentence for the person
 * using Parley (what went wrong, what to do next); a single tRPC middleware
 * turns it into the matching TRPCError. Anything else that escapes a service
 * is an internal error: logged with the request id, never shown.
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
    message: string,
    /** Messages for individual input fields, shown next to them in forms. */
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
