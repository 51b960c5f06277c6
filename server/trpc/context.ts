import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client';
import type { TEnv } from '../env';
import type { EventBus } from '../events/bus';
import type { JobQueue } from '../jobs/queue';
import type { Logger } from '../logger';

/** What the server builds once at start-up and every request shares. */
export type ServerDeps = {
  env: TEnv;
  database: Database;
  bus: EventBus;
  jobs: JobQueue;
  log: Logger;
};

/** A signed-in account holder. Sessions resolve it (accounts issue). */
export type SessionUser = { id: string; email: string; isAdmin: boolean };

/**
 * The transport-neutral request: HTTP, WebSocket and the server-side caller
 * used by Remix loaders all reduce their request to this, so there is one
 * auth path for everything.
 */
export type ContextInput = {
  transport: 'http' | 'ws' | 'caller';
  headers: Headers;
  ip?: string | null;
  /** Sent by WebSocket clients once at connection (visitor tokens live here). */
  connectionParams?: Record<string, string | undefined> | null;
  requestId?: string;
  log?: Logger;
  /**
   * Adds a Set-Cookie header to the response. HTTP requests and Remix
   * loaders/actions have one; WebSocket messages do not (cookies are set
   * only by procedures called over HTTP).
   */
  setCookie?: (header: string) => void;
};

export type Context = ServerDeps & {
  db: Database['db'];
  transport: ContextInput['transport'];
  requestId: string;
  headers: Headers;
  ip: string | null;
  connectionParams: Record<string, string | undefined> | null;
  user: SessionUser | null;
  /** A widget visitor's bearer token, checked by visitorProcedure. */
  visitorToken: string | null;
  /** A developer's API key, checked by apiKeyProcedure. */
  apiKey: string | null;
  setCookie: (header: string) => void;
};

const bearer = (headers: Headers) => {
  const value = headers.get('authorization');
  return value?.toLowerCase().startsWith('bearer ') ? value.slice(7).trim() || null : null;
};

export function createContextFactory(deps: ServerDeps) {
  return async function createContext(input: ContextInput): Promise<Context> {
    const requestId = input.requestId ?? randomUUID();
    // An HTTP request's logger already carries its reqId (pino-http); others get one here.
    const log = (input.log ?? deps.log.child({ reqId: requestId })).child({ transport: input.transport });
    const token = bearer(input.headers);
    return {
      ...deps,
      log,
      db: deps.database.db,
      transport: input.transport,
      requestId,
      headers: input.headers,
      ip: input.ip ?? null,
      connectionParams: input.connectionParams ?? null,
      // Sessions arrive with the accounts issue; until then nobody is signed in.
      user: null,
      visitorToken: input.connectionParams?.visitorToken ?? null,
      apiKey: token?.startsWith('pk_') ? token : null,
      setCookie:
        input.setCookie ??
        (() => {
          throw new Error('Cookies cannot be set over a WebSocket; call this procedure over HTTP.');
        }),
    };
  };
}

export type CreateContext = ReturnType<typeof createContextFactory>;
