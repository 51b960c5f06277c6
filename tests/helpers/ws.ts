import { createTRPCClient, createWSClient, httpBatchLink, wsLink } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import type { AppRouter } from '../../server/trpc/router';

export type TClose = { code: number; reason: string };

/**
 * A tRPC client over a real WebSocket whose upgrade carries these headers
 * (a cookie, an Origin), as a browser's would; `closes` records how the
 * server closed each socket it opened (the client reconnects by itself).
 */
export function wsClientTo(url: string, headers: Record<string, string> = {}) {
  const closes: TClose[] = [];
  class BrowserLikeSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
      this.once('close', (code, reason) => closes.push({ code, reason: reason.toString() }));
    }
  }
  const client = createWSClient({
    url: `${url.replace('http', 'ws')}/api/trpc-ws`,
    WebSocket: BrowserLikeSocket as never,
    // Reconnects soon but not at once, so a test sees the refused state between two sockets.
    retryDelayMs: () => 100,
  });
  return { trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client, transformer: superjson })] }), client, closes };
}

/** A tRPC client over plain HTTP sending these headers. */
export const httpClientTo = (url: string, headers: Record<string, string> = {}) =>
  createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/api/trpc`, transformer: superjson, headers })] });

/** A raw socket to the tRPC endpoint: resolves with how it ended (or 'open' when it stays open for `ms`). */
export function rawSocketOutcome(url: string, headers: Record<string, string> = {}, ms = 300) {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/api/trpc-ws`, { headers });
  const outcome = new Promise<TClose | 'open'>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.once('open', () => setTimeout(() => resolve('open'), ms));
  });
  return { socket, outcome };
}
