import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { AppError } from '../errors';
import type { Context } from './context';
import { fieldErrorsOf } from './field-errors';

/**
 * Procedure tags. workspaceProcedure sets `scope: 'workspace'` and its
 * `minRole` on every procedure it builds, so tests can find them all and
 * check each one's guard without a hand-kept list.
 */
export type TMeta = { scope?: 'workspace'; minRole?: 'agent' | 'admin' | 'owner' };

export const t = initTRPC
  .context<Context>()
  .meta<TMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const isInternal = error.code === 'INTERNAL_SERVER_ERROR';
      const fieldErrors = error.code === 'BAD_REQUEST' ? fieldErrorsOf(error.cause) : null;
      return {
        ...shape,
        // Internal details stay in the log (with the request id), never in the answer.
        message: isInternal ? 'Something went wrong on our side. Please try again in a moment.' : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors,
        },
      };
    },
  });

/** Turns AppError into its TRPCError and logs everything unexpected once, with the request id. */
export const errorMapping = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError) {
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  if (result.error.code === 'INTERNAL_SERVER_ERROR') {
    ctx.log.error({ err: cause ?? result.error, path, type }, 'procedure failed');
  }
  return result;
});
