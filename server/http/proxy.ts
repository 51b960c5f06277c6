import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';

/** TRUST_PROXY, parsed (server/env.ts): nothing, a number of hops, or named ranges, addresses and CIDRs. */
export type TTrustProxySetting = false | number | string[];

/** Whether the address at `hop` (0 = the socket's peer) is a proxy whose forwarded headers we believe. */
export type TTrustProxy = (address: string, hop: number) => boolean;

const trustNothing: TTrustProxy = () => false;

/**
 * The rule Express applies for `trust proxy`, built with the same library
 * (proxy-addr), so `req.ip`/`req.protocol` and the WebSocket's client address
 * can never disagree about who is a proxy. Compiled once per process.
 */
export const compileTrustProxy = (setting: TTrustProxySetting): TTrustProxy => {
  if (setting === false || setting === 0) return trustNothing;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyAddr.compile(setting);
};

/** Throws a TypeError naming the bad entry, as proxy-addr does; env.ts turns it into a start-up message. */
export const assertTrustProxyList = (entries: string[]) => void proxyAddr.compile(entries);

/**
 * The headers through which a proxy tells us about the original request.
 * From anyone but a trusted proxy they are forgeries: a visitor writing
 * `X-Forwarded-For: 127.0.0.1` would read the local mailbox, and
 * `X-Forwarded-Host` would pass the CSRF and own-origin checks.
 */
const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'forwarded'] as const;

// Remembered per request so `clientAddress` (and socketClientIp, whose signature the WebSocket code
// relies on) need not be handed the setting: the edge decides once and everything after it agrees.
const trustOfRequest = new WeakMap<IncomingMessage, TTrustProxy>();

/**
 * The first step of every request and upgrade: drops the forwarded headers
 * unless the direct peer is a trusted proxy, so nothing downstream (Express,
 * Remix, the tRPC context, csrf.ts, origins.ts) can be fooled by them.
 */
export const applyTrustProxy = (req: IncomingMessage, trust: TTrustProxy) => {
  trustOfRequest.set(req, trust);
  if (trust(req.socket.remoteAddress ?? '', 0)) return;
  for (const name of FORWARDED_HEADERS) delete req.headers[name];
};

/** `::ffff:127.0.0.1` → `127.0.0.1`, so limits and the loopback check see one spelling per address. */
const normaliseAddress = (address: string) => (ipaddr.isValid(address) ? ipaddr.process(address).toString() : address);

/**
 * The client's address: the socket's peer, or — past trusted proxies — the
 * nearest untrusted address in X-Forwarded-For. Without `applyTrustProxy`
 * having run, nothing is trusted.
 */
export const clientAddress = (req: IncomingMessage): string | null => {
  if (!req.socket.remoteAddress) return null;
  return normaliseAddress(proxyAddr(req, trustOfRequest.get(req) ?? trustNothing));
};
