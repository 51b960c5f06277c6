import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink, type TRPCLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState, type ReactNode } from 'react';
import superjson from 'superjson';
// Type-only: the browser build refuses server/ (see vite.config.ts), and a type import is erased.
import type { AppRouter } from '../../server/trpc/router';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export const TRPC_HTTP_URL = '/api/trpc';
export const TRPC_WS_PATH = '/api/trpc-ws';

const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Exponential backoff (1 s, 2 s, 4 s … capped at 30 s) with "equal jitter":
 * after a restart or deploy, every open tab would otherwise reconnect in the
 * same millisecond.
 */
export const retryDelayMs = (attemptIndex: number) => {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, 1_000 * 2 ** attemptIndex);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
};

const wsUrl = () => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${TRPC_WS_PATH}`;

const httpLink = () => httpBatchLink({ url: TRPC_HTTP_URL, transformer: superjson });

function createBrowserLinks(): TRPCLink<AppRouter>[] {
  const wsClient = createWSClient({
    url: wsUrl,
    retryDelayMs,
    // Opens on the first subscription and closes 10 s after the last one ends,
    // so pages without live data hold no socket.
    lazy: { enabled: true, closeMs: 10_000 },
  });
  return [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: wsLink({ client: wsClient, transformer: superjson }),
      false: httpLink(),
    }),
  ];
}

let browserClient: ReturnType<typeof createTRPCClient<AppRouter>> | undefined;

/**
 * One client (and so one WebSocket) per tab. A module singleton rather than
 * component state, because StrictMode and remounts would otherwise open a
 * second socket. During SSR nothing is fetched through it (queries start in
 * the browser; loaders use `context.trpc`), so it gets a plain HTTP link and
 * no socket.
 */
function getTrpcClient() {
  if (typeof window === 'undefined') {
    return createTRPCClient<AppRouter>({ links: [httpLink()] });
  }
  browserClient ??= createTRPCClient<AppRouter>({ links: createBrowserLinks() });
  return browserClient;
}

const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: {
        // Loaders already deliver fresh data on navigation; refetching everything on mount is waste.
        staleTime: 30_000,
      },
    },
  });

let browserQueryClient: QueryClient | undefined;

/**
 * One cache per browser session. Remix remounts the whole root Layout when it
 * switches between a page and the error boundary, so component state alone
 * would drop the cache; on the server every render gets its own, so nothing
 * leaks between requests.
 */
function getQueryClient() {
  if (typeof window === 'undefined') return createQueryClient();
  browserQueryClient ??= createQueryClient();
  return browserQueryClient;
}

/** React Query and tRPC for everything under it. */
export function ApiProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(getQueryClient);
  const [trpcClient] = useState(getTrpcClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
