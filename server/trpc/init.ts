import { initTRPC, TRPCError } from '@trpc/server';
import type { SuperJSONResult } from 'superjson';
import { AppError } from '../errors';
import { isDeliveredEvent } from '../events/bus';
import { deserialize, serialize } from '../superjson-fast';
import type { Context } from './context';
import type { TApiScope } from '../../shared/api-scopes';
import { fieldErrorsOf } from '../../shared/field-errors';
import { translateFieldErrors, translateMessage } from '../../shared/i18n/server';
import { isMessageKey } from '../../shared/i18n/config';
import type { TAppLanguage } from '../../shared/languages';
import type { z } from 'zod';

/**
 * superjson (through its fast path, superjson-fast), except that a bus event subscriptions pass on as they got it
 * (inbox.onEvent: the same object to every member's socket) is serialised
 * once rather than once per subscriber — with 50 members online, a message
 * costs one walk of its payload instead of 50. tRPC hands a tracked event
 * over as a fresh `{ id, data }` per subscriber, so the cache holds `data`'s
 * serialisation with its meta paths already under `data.`.
 */
const serializedEvents = new WeakMap<object, SuperJSONResult>();
type TSuperJsonMeta = NonNullable<SuperJSONResult['meta']>;
const prefixed = <T>(prefix: string, paths: Record<string, T>) =>
  Object.fromEntries(Object.entries(paths).map(([path, value]) => [`${prefix}${path}`, value]));
function serializeTrackedEvent(event: object): SuperJSONResult | null {
  let cached = serializedEvents.get(event);
  if (cached === undefined) {
    const { json, meta } = serialize(event);
    // Only the flat path form of superjson's meta is rewritten; anything else takes the ordinary path.
    if (meta && (typeof meta.values !== 'object' || Array.isArray(meta.values))) return null;
    if (Array.isArray(meta?.referentialEqualities)) return null;
    const values = meta?.values as Record<string, unknown> | undefined;
    cached = {
      json,
      meta: meta && {
        ...meta,
        values: values && (prefixed('data.', values) as TSuperJsonMeta['values']),
        referentialEqualities:
          meta.referentialEqualities &&
          (Object.fromEntries(
            Object.entries(meta.referentialEqualities).map(([path, paths]) => [
              `data.${path}`,
              (paths as string[]).map((other) => `data.${other}`),
            ]),
          ) as typeof meta.referentialEqualities),
      },
    };
    serializedEvents.set(event, cached);
  }
  return cached;
}
export const transformer = {
  serialize: (value: unknown): SuperJSONResult => {
    const tracked = value as { id?: unknown; data?: unknown } | null;
    if (
      typeof tracked === 'object' &&
      tracked !== null &&
      typeof tracked.id === 'string' &&
      isDeliveredEvent(tracked.data) &&
      Object.keys(tracked).length === 2
    ) {
      const event = serializeTrackedEvent(tracked.data);
      if (event) return { json: { id: tracked.id, data: event.json }, ...(event.meta ? { meta: event.meta } : {}) };
    }
    return serialize(value);
  },
  // tRPC hands over inputs it has just parsed, so they can be read in place.
  deserialize: <T>(payload: SuperJSONResult) => deserialize<T>(payload),
};

/**
 * Procedure tags. workspaceProcedure sets `scope: 'workspace'` and its
 * `minRole` on every procedure it builds, so tests can find them all and
 * check each one's guard without a hand-kept list. `apiScope` opens a
 * workspace procedure to API keys holding that scope; without it keys are
 * refused. `openapi` (trpc-to-openapi) gives it a REST route too.
 */
export type TMeta = {
  scope?: 'workspace' | 'admin';
  minRole?: 'agent' | 'admin' | 'owner';
  apiScope?: TApiScope;
  /**
   * The REST route (under /api/v1) of a procedure keys may call: trpc-to-openapi's
   * `OpenApiMeta['openapi']`, spelt out here so the client package's bundled types
   * need nothing of that library.
   */
  openapi?: TRestRoute;
};

export type TRestRoute = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to /api/v1; `{name}` takes that input field from the path. */
  path: `/${string}`;
  summary: string;
  description?: string;
};

/**
 * A refusal's message in the reader's language. errorMapping translates what procedures throw; this
 * catches what ends a subscription later (a guard's AppError) and keys thrown as TRPCError messages.
 */
const localizedMessage = (locale: TAppLanguage, error: TRPCError) => {
  if (error.cause instanceof AppError) return translateMessage(locale, error.cause.key);
  return isMessageKey(error.message) ? translateMessage(locale, error.message) : error.message;
};

export const t = initTRPC
  .context<Context>()
  .meta<TMeta>()
  .create({
    transformer,
    errorFormatter({ shape, error, ctx }) {
      const locale = ctx?.locale ?? 'en';
      const isInternal = error.code === 'INTERNAL_SERVER_ERROR';
      const fieldErrors = error.code === 'BAD_REQUEST' ? fieldErrorsOf(error.cause) : null;
      return {
        ...shape,
        // Internal details stay in the log (with the request id), never in the answer.
        message: isInternal ? translateMessage(locale, 'common:errors.internal') : localizedMessage(locale, error),
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors,
        },
      };
    },
  });

/**
 * What a form shows for a refusal, in the reader's language: the message, its
 * field errors, and the line above a form whose fields need fixing. The
 * TRPCError carries it as its cause, for the API's `data.fieldErrors` and
 * for Remix actions (runFormAction) alike.
 */
export class LocalizedError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> | undefined,
    readonly fixFieldsMessage: string,
  ) {
    super(message);
    this.name = 'LocalizedError';
  }
}

type TZodLike = { issues: z.core.$ZodIssue[] };
const isZodError = (cause: unknown): cause is TZodLike =>
  !!cause && typeof cause === 'object' && Array.isArray((cause as Partial<TZodLike>).issues);

/**
 * Turns AppError into its TRPCError, translates it and the input's failed
 * checks into the request's language (services throw keys; people read
 * sentences), and logs everything unexpected once, with the request id.
 */
export const errorMapping = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  const fixFields = translateMessage(ctx.locale, 'common:errors.fixFields');
  if (cause instanceof AppError) {
    const message = translateMessage(ctx.locale, cause.key);
    const fields = cause.fieldErrors && translateFieldErrors(ctx.locale, cause.fieldErrors);
    throw new TRPCError({ code: cause.code, message, cause: new LocalizedError(message, fields, fixFields) });
  }
  if (result.error.code === 'BAD_REQUEST' && isZodError(cause)) {
    const fields: Record<string, string[]> = {};
    const issues = cause.issues.map((issue) => ({ ...issue, message: translateMessage(ctx.locale, { issue }) }));
    for (const issue of issues) {
      const key =
        issue.path
          .map((part) => String(typeof part === 'object' ? (part as { key: PropertyKey }).key : part))
          .join('.') || '_';
      (fields[key] ??= []).push(issue.message);
    }
    const message = Object.values(fields)[0]?.[0] ?? fixFields;
    // Still a ZodError by name, with its issues translated: the REST adapter lists them as `issues`.
    const localized = Object.assign(new LocalizedError(message, fields, fixFields), { name: 'ZodError', issues });
    throw new TRPCError({ code: 'BAD_REQUEST', message, cause: localized });
  }
  if (result.error.code === 'INTERNAL_SERVER_ERROR') {
    ctx.log.error({ err: cause ?? result.error, path, type }, 'procedure failed');
  }
  return result;
});
