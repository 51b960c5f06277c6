import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import { appUrl, type TEnv } from '../env';
import { hostAllowlist, MISDIRECTED_MESSAGE, type THostAllowlist } from './hosts';
import { applyTrustProxy, compileTrustProxy, type TTrustProxy } from './proxy';

/** Orchestrators probe by pod address, not by name; these answer nothing worth rebinding for. */
const HOST_EXEMPT_PATHS = new Set(['/healthz', '/readyz']);

export type TEdge = {
  trust: TTrustProxy;
  isAllowedHost: THostAllowlist;
  /** Express: forwarded headers dropped unless from a trusted proxy. Must run first. */
  forwardedHeaders: RequestHandler;
  /** Express: 421 for a Host this install does not answer to. */
  hostCheck: RequestHandler;
  /** For `server.on('upgrade')`: the same two steps; true when it has answered 421 and closed the socket. */
  refuseUpgrade: (req: IncomingMessage, socket: Duplex) => boolean;
};

/** With a trusted proxy the name the browser used is the forwarded one (forgeries are gone by now). */
export const requestedHost = (req: IncomingMessage) => {
  const forwarded = req.headers['x-forwarded-host'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  return first || req.headers.host;
};

const buildEdge = (env: TEnv): TEdge => {
  const trust = compileTrustProxy(env.TRUST_PROXY);
  const isAllowedHost = hostAllowlist({ appUrl: appUrl(env), allowedHosts: env.ALLOWED_HOSTS });
  return {
    trust,
    isAllowedHost,
    forwardedHeaders: (req, _res, next) => {
      applyTrustProxy(req, trust);
      next();
    },
    hostCheck: (req, res, next) => {
      if (HOST_EXEMPT_PATHS.has(req.path) || isAllowedHost(requestedHost(req))) return next();
      res.status(421).type('text/plain').send(MISDIRECTED_MESSAGE);
    },
    refuseUpgrade: (req, socket) => {
      applyTrustProxy(req, trust);
      if (isAllowedHost(requestedHost(req))) return false;
      socket.end(
        `HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${MISDIRECTED_MESSAGE}`,
      );
      return true;
    },
  };
};

// One per settings object: whichever module asks (the HTTP server, the WebSocket upgrade) gets the
// rule compiled once, and tests with their own env get their own.
const edges = new WeakMap<TEnv, TEdge>();

/** The request edge for these settings: proxy trust and the Host allowlist. */
export const edgeFor = (env: TEnv): TEdge => {
  let edge = edges.get(env);
  if (!edge) {
    edge = buildEdge(env);
    edges.set(env, edge);
  }
  return edge;
};
