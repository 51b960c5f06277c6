/**
 * The frame's one WebSocket to Parley: tRPC over `wsLink` with the superjson
 * transformer (the server's), the visitor token in `connectionParams` (read
 * once per connection, so a new token means a new socket), reconnecting on
 * its own with a short backoff and a keep-alive ping that notices a dead
 * network. The token lives in this frame's localStorage under `parley:<key>`.
 */
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../../../server/trpc/router';
import type { TStorage } from './outbox';

export type TConnectionState = 'connecting' | 'open' | 'closed';

export type TConnection = ReturnType<typeof createConnection>;

export const tokenKey = (publicKey: string) => `parley:${publicKey}`;

const storageGet = (storage: TStorage | null, key: string) => {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
};

export const createConnection = (options: {
  url: string;
  publicKey: string;
  storage: TStorage | null;
  onState: (state: TConnectionState) => void;
}) => {
  const key = tokenKey(options.publicKey);
  let token = storageGet(options.storage, key) ?? '';

  const open = () => {
    const ws = createWSClient({
      url: options.url,
      connectionParams: () => ({ visitorToken: token }),
      // Quick at first (a blip, a server restart), then every 4 s at most: a visitor is waiting.
      retryDelayMs: (attempt) => Math.min(500 * 2 ** attempt, 4000),
      keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
      // No socket until the first call: a page view whose visitor never chats costs the server nothing.
      // Once started, the event subscription keeps it open (and reconnecting).
      lazy: { enabled: true, closeMs: 10_000 },
    });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws, transformer: superjson })] });
    ws.connectionState.subscribe({
      next: (state) => {
        if (current?.ws !== ws) return;
        options.onState(state.state === 'pending' ? 'open' : state.state === 'connecting' ? 'connecting' : 'closed');
      },
    });
    return { ws, client };
  };

  let current: ReturnType<typeof open> | null = null;
  current = open();

  return {
    get client() {
      return current!.client;
    },
    get token() {
      return token;
    },
    hasToken: () => token !== '',
    /**
     * Keeps the token `widget.start` returned; when it differs from the one this
     * socket was opened with, opens a new socket that presents it.
     */
    async adoptToken(next: string) {
      if (next === token) return;
      token = next;
      try {
        options.storage?.setItem(key, next);
      } catch {
        // Blocked storage: the visitor keeps this token for as long as the page lives.
      }
      const old = current!;
      current = open();
      await old.ws.close();
    },
    close: () => current?.ws.close(),
  };
};
