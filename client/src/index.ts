import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink, type TRPCClient } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import type { AppRouter } from './router.js';

export type { AppRouter };
export type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
export { TRPCClientError } from '@trpc/client';

export type ParleyClientOptions = {
  /** Where Parley runs, e.g. `https://chat.example.com`. */
  url: string;
  /** A workspace API key, `pk_live_…` (Settings → API keys). */
  apiKey: string;
  /** Extra headers for HTTP calls (tracing ids…). */
  headers?: Record<string, string>;
  /** A WebSocket implementation; the `ws` package by default, the platform's own in browsers and Deno. */
  WebSocket?: typeof globalThis.WebSocket;
};

export type ParleyClient = TRPCClient<AppRouter>;

/**
 * A typed client for Parley's API: queries and mutations over HTTP (batched),
 * subscriptions (streamed answers, inbox events) over one WebSocket that
 * opens on the first subscription and closes a second after the last ends,
 * so a script exits when its work is done.
 */
export function createParleyClient(options: ParleyClientOptions): ParleyClient {
  const base = options.url.replace(/\/+$/, '');
  const wsClient = createWSClient({
    url: `${base.replace(/^http/, 'ws')}/api/trpc-ws`,
    // Browsers cannot set headers on a WebSocket: the key travels in the first message instead.
    connectionParams: { apiKey: options.apiKey },
    WebSocket:
      options.WebSocket ?? (globalThis.WebSocket as typeof globalThis.WebSocket | undefined) ?? (WebSocket as never),
    lazy: { enabled: true, closeMs: 1000 },
  });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient, transformer: superjson }),
        false: httpBatchLink({
          url: `${base}/api/trpc`,
          transformer: superjson,
          headers: () => ({ ...options.headers, authorization: `Bearer ${options.apiKey}` }),
        }),
      }),
    ],
  });
}
