import { wsSubscriptions } from '../metrics';
import { AppError } from '../errors';
import { TRPCError } from '@trpc/server';
import type { Db } from '../../db/client';
import '../events/access';
import type { EventBus } from '../events/bus';
import { findMembership, hasRole, WORKSPACE_NOT_FOUND, type TWorkspaceRole } from '../services/workspaces/workspaces';
import { t } from './init';

export type TMembershipTarget = { workspaceId: string; userId: string; minRole: TWorkspaceRole };

const NEED_ROLE = {
  agent: 'common:errors.needRole.agent',
  admin: 'common:errors.needRole.admin',
  owner: 'common:errors.needRole.owner',
} as const satisfies Record<TWorkspaceRole, string>;

// Checked by hand rather than by zod so a malformed id answers like any other
// workspace the caller cannot see, instead of revealing what ids look like.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller's membership holding at least `minRole`; NOT_FOUND when none (like any workspace they cannot see), FORBIDDEN when the role is too low. */
export async function checkMembership(db: Db, target: TMembershipTarget) {
  const membership = UUID.test(target.workspaceId) ? await findMembership(db, target) : null;
  if (!membership) throw new AppError('NOT_FOUND', WORKSPACE_NOT_FOUND);
  if (!hasRole(membership.role, target.minRole)) {
    throw new AppError('FORBIDDEN', NEED_ROLE[target.minRole]);
  }
  return membership;
}

/** A subscription's end by a guard: the error it ends with, and whom to tell at once. */
type TTripwire = { error: TRPCError | null; onTrip: ((error: TRPCError) => void) | null };

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

/** Hands on the source's values until it ends or the tripwire ends it with its error; `onEnd` runs either way. */
async function* relay(source: AsyncIterable<unknown>, options: { onEnd: () => void; tripwire?: TTripwire }) {
  const { tripwire } = options;
  const iterator = source[Symbol.asyncIterator]();
  try {
    while (true) {
      if (tripwire?.error) throw tripwire.error;
      // A fresh promise per value, not a race against one long-lived promise (which keeps a reaction per value).
      const next = await new Promise<IteratorResult<unknown>>((resolve, reject) => {
        if (tripwire) tripwire.onTrip = reject;
        iterator.next().then(resolve, reject);
      });
      if (tripwire?.error) throw tripwire.error;
      if (next.done) return;
      yield next.value;
    }
  } finally {
    if (tripwire) tripwire.onTrip = null;
    options.onEnd();
    // Not awaited: a source still waiting for a value would hold the error up (the guarded bus ends it soon).
    void Promise.resolve(iterator.return?.()).catch(() => {});
  }
}

/** The procedure's result with its subscription relayed (an observable is left alone: its signal ends it). */
const relayResult = <R extends { ok: boolean }>(result: R, options: { onEnd: () => void; tripwire?: TTripwire }) => {
  if (!result.ok) {
    options.onEnd();
    return result;
  }
  const { data } = result as R & { data: unknown };
  return isAsyncIterable(data) ? ({ ...result, data: relay(data, options) } as R) : result;
};

/**
 * WS_MAX_SUBSCRIPTIONS: a socket holds at most that many live subscriptions
 * (each costs a bus listener and a queue), counted on the socket's shared
 * state until the subscription ends, stops or the socket closes.
 */
export const limitSubscriptions = t.middleware(async ({ ctx, type, signal, next }) => {
  const { connection } = ctx;
  if (type !== 'subscription' || !connection) return next();
  const max = ctx.env.WS_MAX_SUBSCRIPTIONS;
  if (connection.subscriptions >= max) {
    throw new AppError('TOO_MANY_REQUESTS', { key: 'common:errors.tooManySubscriptions', values: { max } });
  }
  connection.subscriptions++;
  wsSubscriptions.inc();
  let isReleased = false;
  const release = () => {
    if (isReleased) return;
    isReleased = true;
    connection.subscriptions--;
    wsSubscriptions.dec();
  };
  signal?.addEventListener('abort', release, { once: true });
  return relayResult(await next(), { onEnd: release });
});

/**
 * Keeps a workspace subscription's membership true for its whole life:
 * when a membership.changed event names the caller in this workspace (they
 * were removed, the workspace was deleted, their role changed), the
 * membership is checked again and, failing, the subscription ends with
 * NOT_FOUND or FORBIDDEN. Its resolver gets `bus`, a view of the bus whose
 * subscriptions also end then, so nothing it started outlives it.
 */
export function watchMembership(ctx: { db: Db; bus: EventBus }, target: TMembershipTarget, signal?: AbortSignal) {
  const ended = new AbortController();
  const tripwire: TTripwire = { error: null, onTrip: null };
  const stop = () => ended.abort();
  signal?.addEventListener('abort', stop, { once: true });
  let rechecking = Promise.resolve();
  const recheck = async () => {
    try {
      await checkMembership(ctx.db, target);
    } catch (error) {
      // A refusal keeps its code; its message is translated where the error is sent (errorFormatter).
      tripwire.error ??=
        error instanceof TRPCError
          ? error
          : error instanceof AppError
            ? new TRPCError({ code: error.code, message: error.message, cause: error })
            : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
      tripwire.onTrip?.(tripwire.error);
      stop();
    }
  };
  ctx.bus.listen(
    ['membership.changed'],
    (event) => {
      if (event.payload.workspaceId !== target.workspaceId || !event.payload.userIds.includes(target.userId)) return;
      rechecking = rechecking.then(recheck);
    },
    { signal: ended.signal },
  );
  // Once more now that it listens: a change between the caller's first check and this moment is not missed.
  rechecking = rechecking.then(recheck);
  // A new object: anything keyed by the bus itself (presenceFor) must keep using the real one, as
  // subscriptions do today; resolvers that subscribe through another handle end only when they next wake.
  const bus: EventBus = {
    ...ctx.bus,
    subscribe: (types, options = {}) =>
      ctx.bus.subscribe(types, {
        ...options,
        signal: options.signal ? AbortSignal.any([options.signal, ended.signal]) : ended.signal,
      }),
    listen: (types, onEvent, options) =>
      ctx.bus.listen(types, onEvent, { signal: AbortSignal.any([options.signal, ended.signal]) }),
  };
  return { bus, stop, relay: <R extends { ok: boolean }>(result: R) => relayResult(result, { onEnd: stop, tripwire }) };
}
