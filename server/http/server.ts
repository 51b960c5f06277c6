import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createRequestHandler } from '@remix-run/express';
import type { RequestHandler } from 'express';
import type { ServerBuild } from '@remix-run/node';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import compression from 'compression';
import express from 'express';
import { pinoHttp } from 'pino-http';
import type { ViteDevServer } from 'vite';
import type { ParleyLoadContext } from '../load-context';
import { crossSiteMessage, isCrossSiteRequest } from '../services/account/csrf';
import { requestLanguage } from '../../shared/i18n/detect';
import { createContextFactory, type ServerDeps } from '../trpc/context';
import { appRouter, createCaller } from '../trpc/router';
import { dropAfterBodyRefused, remixBodyLimit, trpcBodyLimit, TRPC_MAX_BODY_BYTES } from './body-limits';
import { edgeFor } from './edge';
import { toHeaders } from './headers';
import { healthRoutes } from './health';
import { metricsRoute, timeRequests } from './metrics';
import { redactUrl } from './log-redaction';
import { oauthRoutes } from './oauth';
import { restRoutes } from './openapi';
import { clientAddress } from './proxy';
import { cspNonceOf, securityHeaders } from './security-headers';
import { widgetRoutes } from './widget';
import { attachWebSockets } from './websocket';

export const TRPC_HTTP_PATH = '/api/trpc';
export { TRPC_WS_PATH } from './websocket';

export type HttpServer = {
  server: http.Server;
  /** Tells WebSocket clients to reconnect elsewhere, stops accepting, drains, then closes. */
  close: (timeoutMs: number) => Promise<void>;
  /** Loads the built web app now (production; a no-op otherwise); its first page request would. */
  loadWebApp: () => Promise<void>;
};

const rootDir = path.resolve(import.meta.dirname, '../..');

/**
 * The client's address for a WebSocket upgrade, by the rule Express applies
 * to HTTP (TRUST_PROXY, see proxy.ts): the socket's peer, or past trusted
 * proxies the nearest untrusted X-Forwarded-For hop. Per-address rate
 * limits would otherwise see only the reverse proxy, or a forged address.
 */
export function socketClientIp(req: http.IncomingMessage): string | null {
  return clientAddress(req);
}

/**
 * One http.Server on one port: health checks, tRPC over HTTP and WebSocket,
 * and Remix (Vite middleware in development, the built handler in production).
 */
export type HttpServerOptions = {
  serveWebApp?: boolean;
  /** Where the widget build lives (loader, frame.html, frame assets); tests point it at a fixture. */
  widgetDistDir?: string;
};

/** The web app's server build (production). Node keeps a module once imported: a second call gets the first's. */
export const loadWebAppBuild = () => import(path.join(rootDir, 'build/server/index.js')) as Promise<ServerBuild>;

export async function createHttpServer(deps: ServerDeps, options: HttpServerOptions = {}): Promise<HttpServer> {
  const { env, log } = deps;
  const isDev = env.NODE_ENV === 'development';
  const serveWebApp = options.serveWebApp ?? true;
  const createContext = createContextFactory(deps);
  /** One HTTP request's context, for /api/trpc and the REST routes alike. */
  const httpContext = (req: IncomingMessage, res: ServerResponse) =>
    createContext({
      transport: 'http',
      headers: toHeaders(req.headers),
      ip: clientAddress(req),
      requestId: String(req.id),
      log: req.log,
      setCookie: (header) => res.appendHeader('Set-Cookie', header),
      setHeader: (name, value) => {
        if (!res.headersSent) res.setHeader(name, value);
      },
    });
  const app = express();
  const server = http.createServer(app);
  const edge = edgeFor(env);

  app.disable('x-powered-by');
  app.set('trust proxy', edge.trust);
  app.use(edge.forwardedHeaders);
  app.use(securityHeaders());
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Health probes and static assets would drown everything else.
      autoLogging: { ignore: (req) => /^\/(healthz|readyz|assets\/|favicon)/.test(req.url ?? '') },
      // Every line this request causes carries its id, through req.log and the tRPC context.
      customProps: (req) => ({ reqId: req.id }),
      // One short line a request; headers (cookies, tokens) stay out of the log.
      serializers: {
        // One-time tokens travel in some URLs (e-mail links, invitations, previews): never into the log.
        req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    }),
  );
  app.use(edge.hostCheck);
  app.use(timeRequests);
  app.use(metricsRoute(env));
  app.use(compression());
  app.use(healthRoutes(deps.database));

  app.use(TRPC_HTTP_PATH, trpcBodyLimit(appRouter._def._config));
  app.use(
    TRPC_HTTP_PATH,
    createExpressMiddleware({
      router: appRouter,
      // trpcBodyLimit reads the body first; this stays as the adapter's own guard should it ever read one.
      maxBodySize: TRPC_MAX_BODY_BYTES,
      createContext: ({ req, res }) => httpContext(req, res),
    }),
  );
  // The same procedures as REST for callers without the typed client, and their OpenAPI document.
  app.use(restRoutes(env, httpContext));

  // Sign-in with GitHub/Google: plain redirects, before Remix so its routes never see them.
  app.use(oauthRoutes(deps));

  // The widget (widget/, built by `npm run build --workspace widget`): config, frame and its assets,
  // then the loader itself, whose name is fixed by every embed snippet (hence the short cache).
  const widgetDistDir = options.widgetDistDir ?? path.join(rootDir, 'widget/dist');
  app.use(widgetRoutes(deps, { distDir: widgetDistDir }));
  app.use(express.static(widgetDistDir, { maxAge: '5m', index: false }));

  let vite: ViteDevServer | null = null;
  let devBuild: (() => Promise<ServerBuild>) | null = null;
  if (!serveWebApp) {
    // API-only (tests of the tRPC transports): no Remix, no Vite.
  } else if (isDev) {
    const { createServer } = await import('vite');
    vite = await createServer({
      root: rootDir,
      // Host names are checked once, by the edge (ALLOWED_HOSTS), for Vite's requests too.
      server: { middlewareMode: true, hmr: { server }, allowedHosts: true },
      appType: 'custom',
    });
    app.use(vite.middlewares);
    devBuild = () => vite!.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
  } else {
    const clientDir = path.join(rootDir, 'build/client');
    // Fingerprinted by Vite, so they never change under the same name.
    app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y' }));
    app.use(express.static(clientDir, { maxAge: '1h' }));
  }

  app.use(remixBodyLimit());

  // CSRF for Remix actions: a form posted from another site never reaches them.
  app.use((req, res, next) => {
    const isSafe = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
    const headers = toHeaders(req.headers);
    if (isSafe || !isCrossSiteRequest(env, headers)) return next();
    res
      .status(403)
      .type('text/plain')
      .send(crossSiteMessage(requestLanguage(headers)));
  });

  const webAppHandler = (build: ServerBuild | (() => Promise<ServerBuild>)) =>
    createRequestHandler({
      build,
      mode: isDev ? 'development' : 'production',
      getLoadContext: async (req, res): Promise<ParleyLoadContext> => {
        const requestId = String(req.id);
        const ctx = await createContext({
          transport: 'caller',
          headers: toHeaders(req.headers),
          ip: clientAddress(req),
          requestId,
          method: req.method,
          log: req.log,
          // Remix writes its response onto this same `res`, keeping headers set here first.
          setCookie: (header) => res.append('Set-Cookie', header),
        });
        return { trpc: createCaller(ctx), requestId, cspNonce: cspNonceOf(res), locale: ctx.locale };
      },
    });
  // Production: the web app's server build is imported on `loadWebApp` (startParley calls it once the
  // server answers, ~0.5 s of module evaluation a restart's reconnecting sockets need not wait for) or on
  // the first page request, which waits for it. One handler for good: a function as Remix's `build`
  // would rebuild its routes on every request.
  const isBuiltWebApp = serveWebApp && !isDev;
  let loadingWebApp: Promise<RequestHandler> | null = null;
  const builtWebApp = () => (loadingWebApp ??= loadWebAppBuild().then(webAppHandler));
  if (devBuild) app.all('*', webAppHandler(devBuild));
  else if (isBuiltWebApp) {
    app.all('*', (req, res, next) => void builtWebApp().then((handler) => handler(req, res, next), next));
  }
  app.use(dropAfterBodyRefused);

  const sockets = attachWebSockets(server, deps, {
    createContext,
    clientIp: socketClientIp,
    hasOtherUpgrades: () => vite !== null,
  });

  const close = async (timeoutMs: number) => {
    sockets.notifyRestart();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timer = setTimeout(() => {
      log.warn('shutdown timeout reached; closing remaining connections');
      server.closeAllConnections();
    }, timeoutMs);
    timer.unref();
    // Gives clients a moment to act on the reconnect notification, then closes what is left.
    await sockets.close();
    await closed;
    clearTimeout(timer);
    await vite?.close();
  };

  const loadWebApp = async () => {
    if (isBuiltWebApp) await builtWebApp();
  };
  return { server, close, loadWebApp };
}
