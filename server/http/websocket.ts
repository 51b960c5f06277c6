import { wsConnections } from '../metrics';
import type http from 'node:http';
import { TRPCError } from '@trpc/server';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import '../events/access';
import { normaliseRequestOrigin, ownOrigins } from '../services/widget/origins';
import type { CreateContext, ServerDeps } from '../trpc/context';
import { appRouter } from '../trpc/router';
import { coalesceFrames } from './coalesce';
import { edgeFor } from './edge';
import { toHeaders } from './headers';
import '../services/developer/api-keys';
import {
  createSocketRegistry,
  keyPrincipal,
  principalOf,
  TOO_MANY_FOR_SESSION,
  TOO_MANY_FROM_ADDRESS,
} from './socket-registry';

export const TRPC_WS_PATH = '/api/trpc-ws';

const WS_REFUSED = "Only Parley's own pages may open this WebSocket.";

export type WebSockets = {
  /** Tells every client to reconnect (to another process): the first step of a graceful stop. */
  notifyRestart: () => void;
  /** Gives clients a moment to act on that, then closes what is left and stops accepting. */
  close: () => Promise<void>;
};

export type WebSocketOptions = {
  createContext: CreateContext;
  /** The client's address for an upgrade request (server.ts decides which proxies to believe). */
  clientIp: (req: http.IncomingMessage) => string | null;
  /** Whether another listener (Vite's HMR socket) takes upgrades on other paths. */
  hasOtherUpgrades: () => boolean;
};

/**
 * tRPC over WebSocket on `TRPC_WS_PATH`: only from Parley's own pages,
 * capped per client address (WS_MAX_PER_ADDRESS), per session
 * (WS_MAX_PER_SESSION) and in subscriptions per socket (WS_MAX_SUBSCRIPTIONS,
 * see server/trpc/subscription-guards.ts). A socket's context is built once,
 * so a socket whose session ends (the session.revoked event, published by
 * the database in every process) is closed with 4401.
 */
export function attachWebSockets(server: http.Server, deps: ServerDeps, options: WebSocketOptions): WebSockets {
  const { env } = deps;
  const registry = createSocketRegistry();
  const entries = new WeakMap<WebSocket, ReturnType<typeof registry.add>>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  // The upgrade request's socket is the connection's TCP socket (ws keeps its own reference private).
  wss.on('connection', (client, req) => {
    coalesceFrames(client, req.socket);
    wsConnections.inc();
    client.once('close', () => wsConnections.dec());
  });

  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    createContext: async ({ req, res, info }) => {
      const ctx = await options.createContext({
        transport: 'ws',
        headers: toHeaders(req.headers),
        ip: options.clientIp(req),
        connectionParams: info.connectionParams,
        connection: { subscriptions: 0 },
      });
      const sessionId = principalOf(ctx);
      // Counted and filed with no await in between, so sockets opening together cannot all slip under the cap.
      if (sessionId && registry.countForSession(sessionId) >= env.WS_MAX_PER_SESSION) {
        res.close(TOO_MANY_FOR_SESSION.code, TOO_MANY_FOR_SESSION.reason);
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: TOO_MANY_FOR_SESSION.reason });
      }
      const entry = entries.get(res);
      if (entry) registry.attach(entry, ctx);
      return ctx;
    },
  });

  const listening = new AbortController();
  deps.bus.listen(['session.revoked'], (event) => registry.revoke(event.payload.sessionIds), {
    signal: listening.signal,
  });
  deps.bus.listen(['api_key.revoked'], (event) => registry.revoke(event.payload.prefixIds.map(keyPrincipal)), {
    signal: listening.signal,
  });

  // Upgrades are routed by path so Vite's HMR socket (its own listener) keeps working.
  server.on('upgrade', (req, socket, head) => {
    // Forwarded headers from untrusted peers dropped, unknown Host names refused (DNS rebinding): before anything.
    if (edgeFor(env).refuseUpgrade(req, socket)) return;
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== TRPC_WS_PATH) {
      if (!options.hasOtherUpgrades()) socket.destroy();
      return;
    }
    // Browsers always send Origin on a WebSocket: only Parley's own pages (the dashboard, the widget's
    // frame) may open one. Node clients send none and are let through; their tokens protect them.
    const origin = req.headers.origin;
    const own =
      origin === undefined || ownOrigins(env, toHeaders(req.headers)).includes(normaliseRequestOrigin(origin) ?? '');
    if (!own) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n' + WS_REFUSED);
      return;
    }
    const address = options.clientIp(req) ?? 'unknown';
    wss.handleUpgrade(req, socket, head, (client) => {
      // Refused after the handshake rather than with an HTTP status, so the client sees why (a close reason).
      if (registry.countFromAddress(address) >= env.WS_MAX_PER_ADDRESS) {
        client.close(TOO_MANY_FROM_ADDRESS.code, TOO_MANY_FROM_ADDRESS.reason);
        return;
      }
      entries.set(client, registry.add(client, address));
      wss.emit('connection', client, req);
    });
  });

  return {
    notifyRestart: () => wsHandler.broadcastReconnectNotification(),
    close: async () => {
      listening.abort();
      if (wss.clients.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, 200).unref());
        for (const client of wss.clients) client.close(1012, 'Server restarting');
      }
      wss.close();
    },
  };
}
