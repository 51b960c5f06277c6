import dns from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import ipaddr from 'ipaddr.js';
import { translateMessage, type TMessage } from '../../../shared/i18n/server';
import { AppError } from '../../errors';
import { megabytesOf } from './extract';

export const PRIVATE_ADDRESS_KEY = 'knowledge:errors.fetch.privateAddress';
/** The refusal's English text, which callers elsewhere compare an error's `message` with. */
export const PRIVATE_ADDRESS = translateMessage('en', PRIVATE_ADDRESS_KEY);

export type TFetchOptions = {
  /** Development only (KNOWLEDGE_ALLOW_PRIVATE_URLS): lets imports reach localhost and the LAN. */
  allowPrivate?: boolean;
  /**
   * Exact addresses (`127.0.0.1`, in-process tests) or address and port pairs (`127.0.0.1:4321`, from
   * UNSAFE_KNOWLEDGE_FETCH_EXEMPT) let through while everything else stays guarded.
   */
  exemptAddresses?: readonly string[];
  /** For the whole fetch: every redirect and the body. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Resolves host names; tests swap it to point a public-looking name at their server. */
  resolve?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
};

export type TPageKind = 'html' | 'text' | 'markdown' | 'xml' | 'pdf';

export type TFetchedPage = {
  /** Where the content came from after redirects. */
  url: string;
  kind: TPageKind;
  contentType: string;
  charset: string | null;
  body: Uint8Array;
  /** Validators to send back next time (`If-None-Match`, `If-Modified-Since`). */
  etag: string | null;
  lastModified: string | null;
};

/** What the last fetch of a page returned, for a conditional request. */
export type TValidators = { etag?: string | null; lastModified?: string | null };

/** The page answered 404 or 410: a sync removes it from a sitemap's or crawl's pages. */
export class PageGoneError extends AppError {
  constructor(readonly status: number) {
    super('BAD_REQUEST', statusMessage(status));
    this.name = 'PageGoneError';
  }
}

const defaults = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };

const USER_AGENT = 'ParleyBot/1.0 (knowledge import; +https://github.com/parley)';

const isPublicIPv4 = (address: ipaddr.IPv4) => address.range() === 'unicast';

const ipv4Of = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

/**
 * The IPv4 addresses an IPv6 address carries, by the forms that route to
 * them: IPv4-compatible (::a.b.c.d, which the URL parser writes as
 * ::7f00:1), IPv4-mapped and -translated, NAT64 (64:ff9b::/96), 6to4
 * (2002:AABB:CCDD::/48) and Teredo (server and, inverted, client). An empty
 * list for every other address.
 */
const embeddedIPv4 = (address: ipaddr.IPv6): ipaddr.IPv4[] => {
  const parts = address.parts;
  const [p0, p1, p2, p3, p4, p5, p6, p7] = parts as [number, number, number, number, number, number, number, number];
  const tail = ipv4Of(p6, p7);
  const isZeroUpTo = (count: number) => parts.slice(0, count).every((part) => part === 0);
  if (isZeroUpTo(6)) return [tail];
  if (isZeroUpTo(5) && p5 === 0xffff) return [tail];
  if (isZeroUpTo(4) && p4 === 0xffff && p5 === 0) return [tail];
  if (p0 === 0x64 && p1 === 0xff9b && p2 === 0 && p3 === 0 && p4 === 0 && p5 === 0) return [tail];
  if (p0 === 0x2002) return [ipv4Of(p1, p2)];
  if (p0 === 0x2001 && p1 === 0) return [ipv4Of(p2, p3), ipv4Of(p6 ^ 0xffff, p7 ^ 0xffff)];
  return [];
};

/**
 * Only ordinary public unicast addresses pass. Everything ipaddr.js puts in
 * another range — private, loopback, link-local (cloud metadata at
 * 169.254.169.254), unique-local, CGNAT, multicast, unspecified, reserved,
 * documentation, 6to4/Teredo/NAT64 wrappers — is refused. An IPv6 address
 * that carries an IPv4 address counts as that address first: ipaddr.js files
 * the IPv4-compatible form (::127.0.0.1, i.e. ::7f00:1) under ordinary
 * unicast, and the wrappers' ranges alone would not say *why* they are
 * refused if that rule ever loosened.
 */
export const isPublicAddress = (address: string) => {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && !embeddedIPv4(parsed as ipaddr.IPv6).every(isPublicIPv4)) return false;
  return ipaddr.process(address).range() === 'unicast';
};

/** Whether `address` (as the URL or DNS gives it) on the URL's port is on the exemption list. */
const isExempt = (exempt: readonly string[] | undefined, address: string, url: URL) => {
  if (!exempt?.length) return false;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const bare = address.replace(/^\[|\]$/g, '');
  const pair = `${bare.includes(':') ? `[${bare}]` : bare}:${port}`;
  return exempt.includes(bare) || exempt.includes(pair);
};

/** "The page answered 404 Not Found." (the status text is HTTP's own, as the server named it). */
function statusMessage(status: number): TMessage {
  return { key: 'knowledge:errors.fetch.status', values: { status, statusText: http.STATUS_CODES[status] ?? 'Error' } };
}

const refuse = (message: TMessage): never => {
  throw new AppError('BAD_REQUEST', message);
};

/** Syntax and scheme checks, shared by the procedures (answer at once) and the fetcher. */
export function parsePublicUrl(
  raw: string,
  options: Pick<TFetchOptions, 'allowPrivate' | 'exemptAddresses'> = {},
): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return refuse('knowledge:errors.fetch.invalidUrl');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse('knowledge:errors.fetch.scheme');
  if (url.username || url.password) refuse('knowledge:errors.fetch.credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!options.allowPrivate) {
    if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal'))
      refuse(PRIVATE_ADDRESS_KEY);
    if (ipaddr.isValid(host) && !isPublicAddress(host) && !isExempt(options.exemptAddresses, host, url))
      refuse(PRIVATE_ADDRESS_KEY);
  }
  url.hash = '';
  return url;
}

const defaultResolve = (hostname: string) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** The address to connect to, after checking every address the name resolves to. */
export async function checkedAddress(
  url: URL,
  options: Pick<TFetchOptions, 'allowPrivate' | 'exemptAddresses' | 'resolve'>,
): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const allowed = (address: string) =>
    options.allowPrivate || isExempt(options.exemptAddresses, address, url) || isPublicAddress(address);
  if (ipaddr.isValid(host)) {
    if (!allowed(host)) refuse(PRIVATE_ADDRESS_KEY);
    return { address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 };
  }
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = await (options.resolve ?? defaultResolve)(host);
  } catch {
    return refuse({ key: 'knowledge:errors.fetch.hostNotFound', values: { host } });
  }
  if (!addresses.length) refuse({ key: 'knowledge:errors.fetch.hostNotFound', values: { host } });
  // All of them, not just the first: a name that also points inside the network is refused as a whole.
  if (!addresses.every((entry) => allowed(entry.address))) refuse(PRIVATE_ADDRESS_KEY);
  return addresses[0]!;
}

/**
 * Connects to exactly the address that was checked (pass it as `lookup`
 * to `http.request`; the answering webhook does too). Node would otherwise
 * resolve the name again when connecting, and a hostile DNS server could
 * answer a private address the second time (DNS rebinding).
 */
export const pinnedLookup =
  (pinned: { address: string; family: number }): LookupFunction =>
  (_hostname, options, callback) => {
    // Node 20 asks for all addresses when it races IPv4 and IPv6 (autoSelectFamily).
    if (typeof options === 'object' && options.all)
      (callback as unknown as (err: null, addresses: Array<{ address: string; family: number }>) => void)(null, [
        pinned,
      ]);
    else callback(null, pinned.address, pinned.family);
  };

const kindOf = (essence: string): TPageKind | null => {
  if (essence === 'text/html' || essence === 'application/xhtml+xml') return 'html';
  if (essence === 'text/plain') return 'text';
  if (essence === 'text/markdown' || essence === 'text/x-markdown') return 'markdown';
  if (essence === 'application/pdf') return 'pdf';
  if (essence === 'text/xml' || essence === 'application/xml' || essence.endsWith('+xml')) return 'xml';
  return null;
};

/** When a server sends no content type, the first bytes usually tell. */
const sniff = (body: Uint8Array): TPageKind | null => {
  const head = new TextDecoder().decode(body.subarray(0, 512)).trimStart().toLowerCase();
  if (head.startsWith('%pdf')) return 'pdf';
  if (head.startsWith('<?xml')) return head.includes('<html') ? 'html' : 'xml';
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html';
  return null;
};

const networkMessage = (error: unknown, host: string): TMessage => {
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT')
    return { key: 'knowledge:errors.fetch.certificate', values: { host } };
  if (code === 'ECONNREFUSED') return { key: 'knowledge:errors.fetch.refused', values: { host } };
  return { key: 'knowledge:errors.fetch.connect', values: { host } };
};

const tooLarge = (maxBytes: number): TMessage => ({
  key: 'knowledge:errors.fetch.tooLarge',
  values: { megabytes: megabytesOf(maxBytes) },
});

type TResponse = { status: number; headers: IncomingMessage['headers']; response: IncomingMessage };

function send(
  url: URL,
  pinned: { address: string; family: number },
  signal: AbortSignal,
  validators: TValidators,
): Promise<TResponse> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'GET',
        lookup: pinnedLookup(pinned),
        // No keep-alive pool: a pooled socket could be reused for another host name's request.
        agent: false,
        signal,
        headers: {
          'user-agent': USER_AGENT,
          accept:
            'text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,application/pdf;q=0.8,*/*;q=0.1',
          'accept-encoding': 'gzip, deflate, br',
          ...(validators.etag ? { 'if-none-match': validators.etag } : {}),
          ...(validators.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
        },
      },
      (response) => resolve({ status: response.statusCode ?? 0, headers: response.headers, response }),
    );
    request.on('error', reject);
    request.end();
  });
}

/** The body, decompressed, refused as soon as it passes the cap (never buffered whole first). */
async function readBody(response: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  const stream =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? response.pipe(zlib.createGunzip())
      : encoding === 'deflate'
        ? response.pipe(zlib.createInflate())
        : encoding === 'br'
          ? response.pipe(zlib.createBrotliDecompress())
          : response;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        refuse(tooLarge(maxBytes));
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code?.startsWith('Z_')) refuse('knowledge:errors.fetch.brokenCompression');
    throw error;
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Fetches one public web page for the knowledge base, guarded against
 * server-side request forgery: http(s) only; every address a name resolves
 * to must be public, and the connection goes to the checked address; every
 * redirect goes through the same checks (at most 5); one deadline for the
 * whole fetch; the body is capped while it streams; only HTML, text, XML and
 * PDF are accepted. Every refusal is an `AppError` with a sentence for the
 * person who added the page.
 */
export async function fetchPage(rawUrl: string, options: TFetchOptions = {}): Promise<TFetchedPage> {
  const page = await fetchPageIfChanged(rawUrl, {}, options);
  if ('isNotModified' in page) return refuse(statusMessage(304));
  return page;
}

/**
 * `fetchPage` with a conditional request: given the validators of the last
 * fetch, a server that answers 304 costs no body, no parsing and no
 * embedding. Same guard, same limits.
 */
export async function fetchPageIfChanged(
  rawUrl: string,
  validators: TValidators,
  options: TFetchOptions = {},
): Promise<TFetchedPage | { isNotModified: true; url: string }> {
  const { timeoutMs, maxBytes, maxRedirects } = { ...defaults, ...options };
  let url = parsePublicUrl(rawUrl, options);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for (let redirects = 0; ; redirects += 1) {
      const pinned = await checkedAddress(url, options);
      const { status, headers, response } = await send(url, pinned, controller.signal, validators).catch(
        (error: unknown) => {
          if (controller.signal.aborted) throw error;
          return refuse(networkMessage(error, url.hostname));
        },
      );

      if (status >= 300 && status < 400 && headers.location) {
        response.resume();
        if (redirects >= maxRedirects)
          refuse({ key: 'knowledge:errors.fetch.redirects', values: { maximum: maxRedirects } });
        url = parsePublicUrl(new URL(headers.location, url).toString(), options);
        continue;
      }
      if (status === 304 && (validators.etag || validators.lastModified)) {
        response.resume();
        return { isNotModified: true, url: url.toString() };
      }
      if (status === 404 || status === 410) {
        response.resume();
        throw new PageGoneError(status);
      }
      if (status < 200 || status >= 300) {
        response.resume();
        refuse(statusMessage(status));
      }

      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes && !headers['content-encoding']) {
        response.destroy();
        refuse(tooLarge(maxBytes));
      }
      const contentType = String(headers['content-type'] ?? '');
      const essence = contentType.split(';')[0]!.trim().toLowerCase();
      if (essence && !kindOf(essence) && essence !== 'application/octet-stream') {
        response.destroy();
        refuse({ key: 'knowledge:errors.fetch.type', values: { type: essence } });
      }
      const body = await readBody(response, maxBytes);
      const kind = kindOf(essence) ?? sniff(body);
      if (!kind) refuse('knowledge:errors.fetch.unknownKind');
      const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] ?? null;
      const header = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : null);
      return {
        url: url.toString(),
        kind: kind!,
        contentType: essence,
        charset,
        body,
        etag: header('etag'),
        lastModified: header('last-modified'),
      };
    }
  } catch (error) {
    if (controller.signal.aborted && !(error instanceof AppError))
      refuse({ key: 'knowledge:errors.fetch.timeout', values: { seconds: timeoutMs / 1000 } });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
