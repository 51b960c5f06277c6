import fs from 'node:fs/promises';
import { requestLanguage } from '../../shared/i18n/detect';
import path from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../errors';
import { resolveEmbed } from '../services/widget/access';
import { normaliseRequestOrigin, ownOrigins } from '../services/widget/origins';
import { recordWidgetSeen } from '../services/widget/seen';
import { toBootChatbot, toPublicConfig, type TFrameBoot } from '../services/widget/present';
import type { ServerDeps } from '../trpc/context';
import { requestedHost } from './edge';
import { toHeaders } from './headers';

export const WIDGET_WS_PATH = '/api/trpc-ws';
const BOOT_MARKER = '<!--parley-boot-->';
const NOT_AVAILABLE = 'This chat is not available here.';

/** JSON that is safe inside a <script> element: nothing in it can close the element or open a comment. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const first = (value: unknown) => (typeof value === 'string' ? value : null);

const refusalPage = (res: Response, status: number) =>
  res
    .status(status)
    .set({
      'Content-Security-Policy': "frame-ancestors 'none'; default-src 'none'; style-src 'unsafe-inline'",
      'Cache-Control': 'no-store',
    })
    .type('html')
    .send(
      `<!doctype html><meta charset="utf-8"><title>Chat unavailable</title>` +
        `<p style="font:14px system-ui,sans-serif;color:#555;margin:2rem;text-align:center">${NOT_AVAILABLE}</p>`,
    );

/** Express 4 does not catch a rejected promise: hand the error on instead. */
const handle =
  (fn: (req: Request, res: Response) => Promise<unknown>) => (req: Request, res: Response, next: NextFunction) =>
    void fn(req, res).catch(next);

const statusOf = (error: unknown) =>
  error instanceof AppError ? (error.code === 'NOT_FOUND' ? 404 : error.code === 'BAD_REQUEST' ? 400 : 403) : null;

/**
 * The widget's HTTP side: the loader's config (CORS per allowed origin),
 * the chat frame (its boot data injected, `frame-ancestors` limited to the
 * chatbot's websites), and the frame's fingerprinted assets. `distDir` is
 * where the widget build lives (widget/dist), injectable for tests.
 */
export function widgetRoutes(deps: ServerDeps, options: { distDir: string }) {
  const routes = Router();
  const { env, database } = deps;
  // Read once in production; re-read in development so a rebuilt widget shows up without a restart.
  let frameHtml: Promise<string> | null = null;
  const readFrame = () => {
    if (!frameHtml || env.NODE_ENV === 'development') {
      frameHtml = fs.readFile(path.join(options.distDir, 'frame.html'), 'utf8');
      frameHtml.catch(() => (frameHtml = null));
    }
    return frameHtml;
  };

  routes.get(
    '/api/widget/config',
    handle(async (req, res) => {
      res.set('Vary', 'Origin');
      const originHeader = req.get('origin') ?? null;
      const hostOrigin = originHeader === null ? null : normaliseRequestOrigin(originHeader);
      try {
        if (originHeader !== null && !hostOrigin) throw new AppError('FORBIDDEN', NOT_AVAILABLE);
        const own = ownOrigins(env, toHeaders(req.headers));
        const { chatbot } = await resolveEmbed(database.db, {
          publicKey: first(req.query.key) ?? '',
          hostOrigin,
          preview: first(req.query.preview),
          ownOrigins: own,
        });
        // A load on Parley's own pages (preview, demo) is not the widget on the owner's site.
        if (hostOrigin && !own.includes(hostOrigin)) await recordWidgetSeen(database.db, { chatbot, hostOrigin });
        if (hostOrigin) res.set('Access-Control-Allow-Origin', hostOrigin);
        // Short: a chatbot paused or restyled shows so within a minute.
        res.set('Cache-Control', 'private, max-age=60').json({ chatbot: toPublicConfig(chatbot) });
      } catch (error) {
        const status = statusOf(error);
        if (status === null) throw error;
        res
          .status(status)
          .set('Cache-Control', 'no-store')
          .json({ error: (error as AppError).message });
      }
    }),
  );

  routes.get(
    '/widget/frame',
    handle(async (req, res) => {
      const requested = first(req.query.origin);
      const hostOrigin = requested ? normaliseRequestOrigin(requested) : null;
      if (requested && !hostOrigin) return refusalPage(res, 403);
      const preview = first(req.query.preview);
      const own = ownOrigins(env, toHeaders(req.headers));
      let resolved: Awaited<ReturnType<typeof resolveEmbed>>;
      try {
        resolved = await resolveEmbed(database.db, {
          publicKey: first(req.query.key) ?? '',
          hostOrigin,
          preview,
          ownOrigins: own,
        });
      } catch (error) {
        const status = statusOf(error);
        if (status === null) throw error;
        return refusalPage(res, status);
      }
      let html: string;
      try {
        html = await readFrame();
      } catch {
        return res.status(503).type('text/plain').send('The chat widget has not been built. Run `npm run build`.');
      }
      const { chatbot } = resolved;
      // The name the browser used (a forwarded one only from a trusted proxy), where the frame's socket connects.
      const host = requestedHost(req) || new URL(own[0]!).host;
      const wsUrl = `${req.protocol === 'https' ? 'wss' : 'ws'}://${host}${WIDGET_WS_PATH}`;
      const boot: TFrameBoot = {
        publicKey: chatbot.publicKey,
        hostOrigin,
        preview: chatbot.status === 'live' ? null : preview,
        wsUrl,
        chatbot: toBootChatbot(chatbot, requestLanguage(toHeaders(req.headers))),
      };
      // A chatbot shown under a preview grant may be framed by Parley's own pages only.
      const ancestors = [...(chatbot.status === 'live' ? chatbot.allowedOrigins : []), ...own];
      res.set({
        'Content-Security-Policy': [
          `frame-ancestors ${ancestors.join(' ')}`,
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data:",
          `connect-src 'self' ${wsUrl}`,
        ].join('; '),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      });
      res
        .type('html')
        .send(
          html.replace(
            BOOT_MARKER,
            () => `<script type="application/json" id="parley-boot">${scriptJson(boot)}</script>`,
          ),
        );
    }),
  );

  // The frame is served only through /widget/frame (with its boot data and CSP), never as a plain file.
  routes.get('/frame.html', (_req, res) => refusalPage(res, 404));

  // Fingerprinted by the widget build, so they never change under the same name.
  routes.use(
    '/widget-assets',
    express.static(path.join(options.distDir, 'widget-assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  return routes;
}
