import http from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import compression from 'compression';
import ipaddr from 'ipaddr.js';
import express from 'express';
import { pinoHttp } from 'pino-http';
import type { ViteDevServer } from 'vite';
import { WebSocketServer } from 'ws';
import type { ParleyLoadContext } from '../load-context';
import { CROSS_SITE_MESSAGE, isCrossSiteRequest } from '../services/auth/csrf';
import { createContextFactory, type ServerDeps } from '../trpc/context';
import { appRouter, createCaller } from '../trpc/router';
import { normaliseRequestOrigin, ownOrigins } from '../services/widget/origins';
import { coalesceFrames } from './coalesce';
import { toHeaders } from './headers';
import { healthRoutes } from './health';
import { oauthRoutes } from './oauth';
import { cspNonceOf, securityHeaders } from './security-headers';
import { widgetRoutes } from './widget';

export const TRPC_HTTP_PATH = '/api/trpc';
export const TRPC_WS_PATH = '/api/trpc-ws';

export type HttpServer = {
  server: http.Server;
  /** Tells WebSocket clients to reconnect elsewhere, stops accepting, drains, then closes. */
  close: (timeoutMs: number) => Promise<void>;
};

const rootDir = path.resolve(import.meta.dirname, '../..');

const WS_REFUSED = "Only Parley's own pages may open this WebSocket.";

const isTrustedProxy = (address: string) => {
  if (!ipaddr.isValid(address)) return false;
  const range = ipaddr.process(address).range();
  return range === 'loopback' || range === 'private' || range === 'uniqueLocal' || range === 'linkLocal';
};

/**
 * The client's address for a WebSocket upgrade, by the rule Express applies
 * to HTTP (`trust proxy`: loopback, link-local and private proxies): walk
 * X-Forwarded-For from the right past trusted proxies. Per-address rate
 * limits would otherwise see only the reverse proxy.
 */
export function socketClientIp(req: http.IncomingMessage): string | null {
  const chain = [req.socket.remoteAddress ?? ''];
  const forwarded = req.headers['x-forwarded-for'];
  if (typeof forwarded === 'string')
    chain.push(
      ...forwarded
        .split(',')
        .map((part) => part.trim())
        .reverse(),
    );
  let address = chain[0]!;
  for (const hop of chain) {
    address = hop;
    if (!isTrustedProxy(hop)) break;
  }
  return address ? (ipaddr.isValid(address) ? ipaddr.process(address).toString() : address) : null;
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

export async function createHttpServer(deps: ServerDeps, options: HttpServerOptions = {}): Promise<HttpServer> {
  const { env, log } = deps;
  const isDev = env.NODE_ENV === 'development';
  const serveWebApp = options.serveWebApp ?? true;
  const createContext = createContextFactory(deps);
  const app = express();
  const server = http.createServer(app);

  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
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
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    }),
  );
  app.use(compression());
  app.use(healthRoutes(deps.database));

  app.use(
    TRPC_HTTP_PATH,
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) =>
        createContext({
          transport: 'http',
          headers: toHeaders(req.headers),
          ip: req.ip,
          requestId: String(req.id),
          log: req.log,
          setCookie: (header) => res.append('Set-Cookie', header),
        }),
    }),
  );

  // Sign-in with GitHub/Google: plain redirects, before Remix so its routes never see them.
  app.use(oauthRoutes(deps));

  // The widget (widget/, built by `npm run build --workspace widget`): config, frame and its assets,
  // then the loader itself, whose name is fixed by every embed snippet (hence the short cache).
  const widgetDistDir = options.widgetDistDir ?? path.join(rootDir, 'widget/dist');
  app.use(widgetRoutes(deps, { distDir: widgetDistDir }));
  app.use(express.static(widgetDistDir, { maxAge: '5m', index: false }));

  let vite: ViteDevServer | null = null;
  let build: ServerBuild | (() => Promise<ServerBuild>) | null = null;
  if (!serveWebApp) {
    // API-only (tests of the tRPC transports): no Remix, no Vite.
  } else if (isDev) {
    const { createServer } = await import('vite');
    vite = await createServer({ root: rootDir, server: { middlewareMode: true, hmr: { server } }, appType: 'custom' });
    app.use(vite.middlewares);
    build = () => vite!.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
  } else {
    const clientDir = path.join(rootDir, 'build/client');
    // Fingerprinted by Vite, so they never change under the same name.
    app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y' }));
    app.use(express.static(clientDir, { maxAge: '1h' }));
    build = (await import(path.join(rootDir, 'build/server/index.js'))) as ServerBuild;
  }

  // CSRF for Remix actions: a form posted from another site never reaches them.
  app.use((req, res, next) => {
    const isSafe = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
    if (isSafe || !isCrossSiteRequest(env, toHeaders(req.headers))) return next();
    res.status(403).type('text/plain').send(CROSS_SITE_MESSAGE);
  });

  if (build)
    app.all(
      '*',
      createRequestHandler({
        build,
        mode: isDev ? 'development' : 'production',
        getLoadContext: async (req, res): Promise<ParleyLoadContext> => {
          const requestId = String(req.id);
          const ctx = await createContext({
            transport: 'caller',
            headers: toHeaders(req.headers),
            ip: req.ip,
            requestId,
            method: req.method,
            log: req.log,
            // Remix writes its response onto this same `res`, keeping headers set here first.
            setCookie: (header) => res.append('Set-Cookie', header),
          });
          return { trpc: createCaller(ctx), requestId, cspNonce: cspNonceOf(res) };
        },
      }),
    );

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  wss.on('connection', coalesceFrames);
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    createContext: ({ req, info }) =>
      createContext({
        transport: 'ws',
        headers: toHeaders(req.headers),
        ip: socketClientIp(req),
        connectionParams: info.connectionParams,
      }),
  });
  // Upgrades are routed by path so Vite's HMR socket (its own listener) keeps working.
  server.on('upgrade', (req, socket, head) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === TRPC_WS_PATH) {
      // Browsers always send Origin on a WebSocket: only Parley's own pages (the dashboard, the widget's
      // frame) may open one. Node clients send none and are let through; their tokens protect them.
      const origin = req.headers.origin;
      const own =
        origin === undefined || ownOrigins(env, toHeaders(req.headers)).includes(normaliseRequestOrigin(origin) ?? '');
      if (!own) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n' + WS_REFUSED);
        return;
      }
      wss.handleUpgrade(req, socket, head, (client) => wss.emit('connection', client, req));
    } else if (!vite) {
      socket.destroy();
    }
  });

  const close = async (timeoutMs: number) => {
    wsHandler.broadcastReconnectNotification();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timer = setTimeout(() => {
      log.warn('shutdown timeout reached; closing remaining connections');
      server.closeAllConnections();
    }, timeoutMs);
    timer.unref();
    if (wss.clients.size > 0) {
      // Give clients a moment to act on the reconnect notification, then close what is left.
      await new Promise((resolve) => setTimeout(resolve, 200).unref());
      for (const client of wss.clients) client.close(1012, 'Server restarting');
    }
    wss.close();
    await closed;
    clearTimeout(timer);
    await vite?.close();
  };

  return { server, close };
}
