import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { TEnv } from '../env';
import type { Logger } from '../logger';
import { httpDuration, registry } from '../metrics';
import { appRouter } from '../trpc/router';

const procedures = new Set(Object.keys(appRouter._def.procedures));
/** Page areas kept as their own label; every other path is `page` (labels must stay a small set whatever strangers request). */
const AREAS = new Set(['app', 'admin', 'settings', 'login', 'signup', 'assets', 'widget-assets', 'resources', 'auth']);

/** A bounded route label: a tRPC procedure's name (known ones only), an API family, or a page area. */
export function routeLabel(path: string): string {
  if (path.startsWith('/api/trpc/')) {
    const name = path.slice('/api/trpc/'.length);
    if (name.includes(',')) return '/api/trpc (batch)';
    return procedures.has(name) ? `/api/trpc/${name}` : '/api/trpc/unknown';
  }
  if (path.startsWith('/api/widget/')) return '/api/widget';
  // REST paths hold ids: one label for the family keeps the set small.
  if (path.startsWith('/api/v1/')) return '/api/v1';
  if (path === '/api/openapi.json') return path;
  if (path === '/healthz' || path === '/readyz' || path === '/metrics' || path === '/widget.js') return path;
  const area = path.split('/')[1] ?? '';
  if (area === '') return '/';
  return AREAS.has(area) ? `/${area}` : 'page';
}

/** Times every HTTP request (WebSocket upgrades are counted by the socket gauges instead). */
export const timeRequests: RequestHandler = (req, res, next) => {
  const stop = httpDuration.startTimer();
  res.once('finish', () => {
    stop({ route: routeLabel(req.path), method: req.method, status: `${Math.floor(res.statusCode / 100)}xx` });
  });
  next();
};

const serveMetrics = async (_req: Request, res: Response) => {
  res.setHeader('Content-Type', registry.contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.end(await registry.metrics());
};

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `/metrics` on the main port, only with `Authorization: Bearer METRICS_TOKEN`
 * (compared in constant time). Without a token it is not served here at all:
 * use METRICS_PORT, which listens on 127.0.0.1 only.
 */
export const metricsRoute =
  (env: TEnv) =>
  (req: Request, res: Response, next: NextFunction): void => {
    if (req.path !== '/metrics') return next();
    if (!env.METRICS_TOKEN) return next();
    const header = req.get('authorization') ?? '';
    const token = header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
    if (!timingSafeEqual(digest(token), digest(env.METRICS_TOKEN))) {
      res
        .status(401)
        .setHeader('WWW-Authenticate', 'Bearer')
        .json({ error: 'Send the metrics token as a bearer token.' });
      return;
    }
    void serveMetrics(req, res).catch(next);
  };

/** The separate metrics listener on METRICS_PORT, bound to localhost so only the machine (or its Prometheus agent) reaches it. */
export async function startMetricsServer(env: TEnv, log: Logger) {
  if (!env.METRICS_PORT) return null;
  const server = http.createServer((req, res) => {
    if (req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    void registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      (err: unknown) => {
        log.error({ err }, 'metrics collection failed');
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.METRICS_PORT, '127.0.0.1', resolve);
  });
  log.info({ port: (server.address() as AddressInfo).port }, 'metrics on 127.0.0.1');
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
