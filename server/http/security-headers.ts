import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/** A year: browsers keep to HTTPS for that long once they have seen the header over HTTPS. */
const HSTS = 'max-age=31536000';

/** For everything that is not a page (JSON, scripts, files): nothing may run or frame it as a document. */
const NON_DOCUMENT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A host we may write into a header: name or address and port, nothing that could end a directive. */
const isPlainHost = (host: string | undefined): host is string =>
  !!host && /^[\w.-]+(:\d+)?$|^\[[\d:a-f.]+\](:\d+)?$/i.test(host);

/**
 * The web app's Content-Security-Policy. Scripts only from our origin or
 * carrying this response's nonce (Remix's inline boot script, scroll
 * restoration and streamed data, the theme script); styles may be inline
 * (React renders `style` attributes and the toaster injects a sheet, and
 * styles cannot run code); the tRPC WebSocket is named explicitly because
 * not every browser counts ws:/wss: as 'self'; frames only from our origin
 * (the live widget preview) and framed only by it.
 */
export const appPolicy = (options: { nonce: string | null; host: string | undefined }) => {
  const nonce = options.nonce ? ` 'nonce-${options.nonce}'` : '';
  const sockets = isPlainHost(options.host) ? ` ws://${options.host} wss://${options.host}` : '';
  return [
    "default-src 'self'",
    // Development needs nothing more: Vite's client and React Refresh load as modules from our origin,
    // Remix's inline boot script carries the nonce, and the HMR socket is the own ws: host below.
    `script-src 'self'${nonce}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "frame-src 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
};

type TLocals = { cspNonce?: string };

/**
 * This response's CSP nonce, made on first use (only pages need one): the
 * request handler hands it to Remix through `getLoadContext`, and the policy
 * sent with the page names it.
 */
export const cspNonceOf = (res: Response) => {
  const locals = res.locals as TLocals;
  locals.cspNonce ??= randomBytes(16).toString('base64');
  return locals.cspNonce;
};

const isHtml = (res: ServerResponse) => /^text\/html\b/i.test(String(res.getHeader('content-type') ?? ''));

/**
 * Security headers on every response: a Content-Security-Policy (the web
 * app's, with this response's nonce, for pages; a deny-all one for
 * everything else), `nosniff`, a referrer policy that sends only the origin
 * across sites, and HSTS when the request came over HTTPS. Written just
 * before the head goes out, and only where the handler set none of its own,
 * so the widget frame keeps its `frame-ancestors` of the chatbot's sites and
 * the demo page its policy for a customer-like site. No
 * Cross-Origin-Resource-Policy: `widget.js` is loaded by other sites.
 */
export const securityHeaders =
  () =>
  (req: Request, res: Response, next: NextFunction): void => {
    const writeHead = res.writeHead;
    const setDefault = (name: string, value: string) => {
      if (!res.hasHeader(name)) res.setHeader(name, value);
    };
    res.writeHead = function (this: Response, ...args: Parameters<typeof writeHead>) {
      const nonce = (res.locals as TLocals).cspNonce ?? null;
      setDefault(
        'Content-Security-Policy',
        isHtml(res) ? appPolicy({ nonce, host: req.headers.host }) : NON_DOCUMENT_POLICY,
      );
      setDefault('X-Content-Type-Options', 'nosniff');
      setDefault('Referrer-Policy', 'strict-origin-when-cross-origin');
      if (req.secure) setDefault('Strict-Transport-Security', HSTS);
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  };
