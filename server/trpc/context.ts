import { randomUUID } from 'node:crypto';
import type { TWebhookGuard } from '../services/answering/webhook';
import type { Database } from '../../db/client';
import type { TEnv } from '../env';
import type { EventBus } from '../events/bus';
import type { JobQueue } from '../jobs/queue';
import type { Logger } from '../logger';
import type { AnswerRunner } from '../services/answering/runner';
import { clearedSessionCookie, readSessionToken, sessionCookie } from '../services/account/cookies';
import { isCrossSiteRequest } from '../services/account/csrf';
import { validateSessionToken } from '../services/account/sessions';
import { createVisitorSessionCache, type TVisitorSessionCache } from '../services/widget/access';
import type { TWidgetLimits } from '../services/widget/limits';
import type { TAppLanguage } from '../../shared/languages';
import { requestLanguage } from '../../shared/i18n/detect';

/** What the server builds once at start-up and every request shares. */
export type ServerDeps = {
  env: TEnv;
  database: Database;
  bus: EventBus;
  jobs: JobQueue;
  /** Answers visitor messages in this process (and recovers the ones a stop left unanswered). */
  answers: AnswerRunner;
  log: Logger;
  /** Tighter or looser widget rate limits than the defaults (benchmarks simulate many visitors on one address). */
  widgetLimits?: Partial<TWidgetLimits>;
  /** Tests only: the SSRF guard's settings for webhook deliveries (their loopback receiver's address exempted). */
  webhookGuard?: TWebhookGuard;
};

/** A signed-in account holder, resolved from the session cookie. */
export type SessionUser = { id: string; email: string; name: string; isAdmin: boolean; emailVerified: boolean };

/** The session the request came with (never its token). */
export type RequestSession = { id: string; expiresAt: Date };

/**
 * What one WebSocket shares across all its calls (its context is built once,
 * at connection): how many subscriptions it holds, for WS_MAX_SUBSCRIPTIONS.
 */
export type TSocketConnection = { subscriptions: number };

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
  /** The WebSocket's shared state; only over 'ws'. */
  connection?: TSocketConnection | null;
  /** The HTTP method of a Remix request ('caller'), so CSRF checks can let GET loaders through. */
  method?: string;
  log?: Logger;
  /**
   * Adds a Set-Cookie header to the response. HTTP requests and Remix
   * loaders/actions have one; WebSocket messages do not (cookies are set
   * only by procedures called over HTTP).
   */
  setCookie?: (header: string) => void;
  setHeader?: (name: string, value: string) => void;
};

export type Context = ServerDeps & {
  db: Database['db'];
  transport: ContextInput['transport'];
  requestId: string;
  headers: Headers;
  ip: string | null;
  connectionParams: Record<string, string | undefined> | null;
  /** The WebSocket's shared state (subscription count); null over HTTP and for the server-side caller. */
  connection: TSocketConnection | null;
  /** Set to null on a WebSocket's context when its session ends (see endSessionOf), so its next call is refused. */
  user: SessionUser | null;
  session: RequestSession | null;
  /** The HTTP method behind a 'caller' context (Remix loader/action); null otherwise. */
  method: string | null;
  /** The language messages for people are written in: the account's, else the browser's (see requestLanguage). */
  locale: TAppLanguage;
  /** A widget visitor's bearer token, checked by visitorProcedure. */
  visitorToken: string | null;
  /** What visitorProcedure learnt from that token, kept for the life of the context (a whole WebSocket connection). */
  visitorSessions: TVisitorSessionCache;
  /** A developer's API key (`Authorization: Bearer pk_…`, or `connectionParams.apiKey` over WebSocket), checked by workspaceProcedure. */
  apiKey: string | null;
  setCookie: (header: string) => void;
  /** Sets a response header (rate-limit fields); a no-op where there is no HTTP response (WebSocket, Remix caller). */
  setHeader: (name: string, value: string) => void;
};

const apiKeyOf = (value: string | null) => (value?.startsWith('pk_') ? value : null);

const bearer = (headers: Headers) => {
  const value = headers.get('authorization');
  return value?.toLowerCase().startsWith('bearer ') ? value.slice(7).trim() || null : null;
};

/**
 * The user behind the session cookie, if any. Over WebSocket the upgrade
 * request's cookie counts only when the upgrade came from our own site, so a
 * foreign page cannot open a socket riding on a visitor's session.
 * A renewed session gets a fresh cookie; a dead one is cleared.
 */
async function resolveSession(deps: ServerDeps, input: ContextInput) {
  const token = readSessionToken(deps.env, input.headers);
  if (!token) return null;
  if (input.transport === 'ws' && isCrossSiteRequest(deps.env, input.headers)) return null;
  const result = await validateSessionToken(deps.database.db, token);
  if (!result) {
    input.setCookie?.(clearedSessionCookie(deps.env));
    return null;
  }
  if (result.isRenewed) input.setCookie?.(sessionCookie(deps.env, token, result.session.expiresAt));
  const { user, session } = result;
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: user.isPlatformAdmin || deps.env.ADMIN_EMAILS.includes(user.email),
      emailVerified: user.emailVerifiedAt !== null,
    },
    session: { id: session.id, expiresAt: session.expiresAt },
    language: user.preferences.language,
  };
}

export function createContextFactory(deps: ServerDeps) {
  return async function createContext(input: ContextInput): Promise<Context> {
    const requestId = input.requestId ?? randomUUID();
    // An HTTP request's logger already carries its reqId (pino-http); others get one here.
    const log = (input.log ?? deps.log.child({ reqId: requestId })).child({ transport: input.transport });
    const token = bearer(input.headers);
    const resolved = await resolveSession(deps, input);
    return {
      ...deps,
      log,
      db: deps.database.db,
      transport: input.transport,
      requestId,
      headers: input.headers,
      ip: input.ip ?? null,
      connectionParams: input.connectionParams ?? null,
      connection: input.connection ?? null,
      user: resolved?.user ?? null,
      session: resolved?.session ?? null,
      method: input.method?.toUpperCase() ?? null,
      locale: requestLanguage(input.headers, resolved?.language),
      visitorToken: input.connectionParams?.visitorToken || null,
      visitorSessions: createVisitorSessionCache(),
      apiKey: apiKeyOf(token ?? input.connectionParams?.apiKey ?? null),
      setHeader: input.setHeader ?? (() => {}),
      setCookie:
        input.setCookie ??
        (() => {
          throw new Error('Cookies cannot be set over a WebSocket; call this procedure over HTTP.');
        }),
    };
  };
}

export type CreateContext = ReturnType<typeof createContextFactory>;

/**
 * A WebSocket's context lives as long as the socket, so when its session
 * (or API key) ends (log-out, password change, removal of the account…) the socket is
 * closed and, for any call already on its way, the context forgets who it
 * belonged to: protectedProcedure then answers UNAUTHORIZED.
 */
export const endSessionOf = (ctx: Context) => {
  ctx.user = null;
  ctx.session = null;
  ctx.apiKey = null;
};
