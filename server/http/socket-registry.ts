import type { WebSocket } from 'ws';
import { API_KEY_PATTERN } from '../../shared/api-scopes';
import { endSessionOf, type Context } from '../trpc/context';

/** Close codes and reasons (a reason must stay under 123 bytes) that clients and people can act on. */
export const SESSION_ENDED = { code: 4401, reason: 'Your session has ended. Please log in again.' } as const;
export const KEY_REVOKED = { code: 4401, reason: 'This API key has been revoked.' } as const;
export const TOO_MANY_FROM_ADDRESS = {
  code: 4429,
  reason: 'Too many open connections from your network. Close some Parley tabs or chats and try again.',
} as const;
export const TOO_MANY_FOR_SESSION = {
  code: 4429,
  reason: 'Too many open connections for this log-in. Close some Parley tabs and try again.',
} as const;

/**
 * A session revoked just before a socket holding it was registered (its
 * context was still being built) must still close it: ids are remembered
 * this long.
 */
const REMEMBER_REVOKED_MS = 60_000;

/**
 * What a socket is filed under: its session, or for a developer's socket
 * its API key by prefix id (known without a database read; the
 * api_key.revoked event names the prefix ids too).
 */
const KEY_PREFIX = 'key:';
export const keyPrincipal = (prefixId: string) => `${KEY_PREFIX}${prefixId}`;
export const principalOf = (ctx: Pick<Context, 'session' | 'apiKey'>) => {
  if (ctx.session) return ctx.session.id;
  const match = ctx.apiKey ? API_KEY_PATTERN.exec(ctx.apiKey) : null;
  return match ? keyPrincipal(match[1]!) : null;
};

type TEntry = { socket: WebSocket; address: string; ctx: Context | null; sessionId: string | null };

/**
 * This process's open WebSockets, by client address (for WS_MAX_PER_ADDRESS)
 * and by session (for WS_MAX_PER_SESSION and to close them when the session
 * ends). Every process keeps its own; the session.revoked event reaches all.
 */
export function createSocketRegistry() {
  const byAddress = new Map<string, number>();
  const bySession = new Map<string, Set<TEntry>>();
  const revoked = new Map<string, number>();

  const forget = (entry: TEntry) => {
    const left = (byAddress.get(entry.address) ?? 1) - 1;
    if (left > 0) byAddress.set(entry.address, left);
    else byAddress.delete(entry.address);
    const entries = entry.sessionId ? bySession.get(entry.sessionId) : undefined;
    entries?.delete(entry);
    if (entry.sessionId && entries?.size === 0) bySession.delete(entry.sessionId);
  };

  const end = (entry: TEntry) => {
    if (entry.ctx) endSessionOf(entry.ctx);
    const closing = entry.sessionId?.startsWith(KEY_PREFIX) ? KEY_REVOKED : SESSION_ENDED;
    entry.socket.close(closing.code, closing.reason);
  };

  const pruneRevoked = (now: number) => {
    for (const [id, at] of revoked) {
      if (now - at < REMEMBER_REVOKED_MS) break;
      revoked.delete(id);
    }
  };

  return {
    countFromAddress: (address: string) => byAddress.get(address) ?? 0,
    countForSession: (sessionId: string) => bySession.get(sessionId)?.size ?? 0,

    /** Counts a socket against its address until it closes; returns its entry for `attach`. */
    add: (socket: WebSocket, address: string): TEntry => {
      const entry: TEntry = { socket, address, ctx: null, sessionId: null };
      byAddress.set(address, (byAddress.get(address) ?? 0) + 1);
      socket.once('close', () => forget(entry));
      return entry;
    },

    /** The socket's context is built: file it under its session or key (ending it at once if that was revoked meanwhile). */
    attach: (entry: TEntry, ctx: Context) => {
      entry.ctx = ctx;
      const sessionId = principalOf(ctx);
      if (!sessionId) return;
      // A key is checked on every call, so a socket reconnecting with a revoked key stays open to hear "not valid".
      if (!sessionId.startsWith(KEY_PREFIX) && revoked.has(sessionId)) return end(entry);
      // Already closed: `forget` has run, and the entry must not outlive it.
      if (entry.socket.readyState > entry.socket.OPEN) return;
      entry.sessionId = sessionId;
      let entries = bySession.get(sessionId);
      if (!entries) bySession.set(sessionId, (entries = new Set()));
      entries.add(entry);
    },

    /** Closes every socket of these sessions (or `keyPrincipal`s), with a reason people understand. */
    revoke: (sessionIds: readonly string[]) => {
      const now = Date.now();
      pruneRevoked(now);
      for (const id of sessionIds) {
        revoked.delete(id);
        revoked.set(id, now);
        for (const entry of bySession.get(id) ?? []) end(entry);
      }
    },
  };
}

export type SocketRegistry = ReturnType<typeof createSocketRegistry>;
