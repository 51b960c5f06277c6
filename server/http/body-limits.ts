import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
// The adapter's own error shape for a refusal made before it runs; the version is pinned in package.json.
import {
  getErrorShape,
  transformTRPCResponse,
  type AnyRootTypes,
  type RootConfig,
} from '@trpc/server/unstable-core-do-not-import';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { MAX_FILE_BYTES } from '../services/knowledge/extract';

const MB = 1024 * 1024;

/**
 * tRPC over HTTP: the largest legitimate input is one `knowledge.source.createFile`
 * (a 10 MB file as base64 is 14 MB) or one `chatbot.import` of a 10 MB
 * export; a body past this is refused with PAYLOAD_TOO_LARGE (413) as it
 * streams in, before anything is parsed.
 */
export const TRPC_MAX_BODY_BYTES = Math.ceil(MAX_FILE_BYTES / 3) * 4 + 2 * MB;

/**
 * Remix uploads (multipart): above the upload form's own limit (10 files of
 * 10 MB and the fields, which the form answers in the page with a sentence
 * about the files), so that answer still comes; this is the ceiling for
 * anything else.
 */
export const MULTIPART_MAX_BYTES = 10 * MAX_FILE_BYTES + 20 * MB;

/** Every other Remix form: 200,000 characters of pasted text, percent-encoded, stay under 2 MB. */
export const FORM_MAX_BYTES = 4 * MB;

export const bodyTooLargeMessage = (limit: number) =>
  `This request is too large: send at most ${Math.round(limit / MB)} MB at a time.`;

const limitFor = (req: IncomingMessage) =>
  (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')
    ? MULTIPART_MAX_BYTES
    : FORM_MAX_BYTES;

const REFUSED = Symbol('parley.bodyRefused');
type TRefusable = IncomingMessage & { [REFUSED]?: true };

/** How long the rest of a refused body is read and dropped before the connection is cut. */
const LINGER_MS = 2000;

/**
 * After a refusal the rest of the body is read and dropped (not kept) for a
 * moment instead of closing at once: a socket closed with unread data
 * answers with a TCP reset, and the client's network stack may then throw
 * away the 413 before the client has read it. A body still coming after
 * that is cut off.
 */
const lingerThenClose = (req: IncomingMessage, res: ServerResponse) => {
  (req as TRefusable)[REFUSED] = true;
  // Node would close right after the answer when the client asked for `Connection: close`: same reset.
  res.shouldKeepAlive = true;
  const timer = setTimeout(() => {
    if (!req.complete) req.socket.destroy();
  }, LINGER_MS);
  timer.unref();
  req.socket.once('close', () => clearTimeout(timer));
};

const declaredLength = (req: IncomingMessage) => Number(req.headers['content-length'] ?? 0);

/**
 * Limits request bodies on their way to Remix. A declared Content-Length
 * over the limit is refused before a byte is read. A chunked body has none,
 * so its bytes are counted as Node's HTTP parser hands them over
 * (`req.push`, the one place every byte passes whoever reads the stream,
 * without racing Remix for `data` events): past the limit the reader's
 * stream ends there, later bytes are dropped, and the client gets 413.
 */
export const remixBodyLimit = (): RequestHandler => (req, res, next) => {
  const limit = limitFor(req);
  const refuse = () => {
    lingerThenClose(req, res);
    if (!res.headersSent) res.status(413).type('text/plain').send(bodyTooLargeMessage(limit));
  };
  if (declaredLength(req) > limit) {
    refuse();
    return void req.resume();
  }
  if (req.headers['transfer-encoding'] === undefined) return next();

  let received = 0;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if ((req as TRefusable)[REFUSED]) return true;
    if (chunk !== null && (chunk as Buffer).length !== undefined) {
      received += (chunk as Buffer).length;
      if (received > limit) {
        refuse();
        // What the action makes of a cut-off body no longer matters: its answer is dropped.
        return push(null);
      }
    }
    return push(chunk, encoding);
  };
  next();
};

/**
 * After a refusal Remix still finishes the action it started and tries to
 * answer; the 413 has gone out already, so its answer is dropped here rather
 * than reported as an error.
 */
export const dropAfterBodyRefused: ErrorRequestHandler = (error, req, res, next) => {
  if ((req as TRefusable)[REFUSED] && res.headersSent) return;
  next(error);
};

/**
 * tRPC over HTTP: the body is read here, up to the limit, and handed over
 * as text (the adapter takes a string `req.body` as the body), so a body
 * past the limit is refused with 413 in tRPC's own error shape before the
 * adapter starts — and the adapter, which on its own limit destroys the
 * socket before the client can read the answer, never meets one.
 */
export const trpcBodyLimit =
  (config: RootConfig<AnyRootTypes>): RequestHandler =>
  (req, res, next) => {
    if (req.method !== 'POST') return next();
    const refuse = () => {
      lingerThenClose(req, res);
      const error = new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: bodyTooLargeMessage(TRPC_MAX_BODY_BYTES) });
      const shape = getErrorShape({
        config,
        error,
        type: 'unknown',
        path: undefined,
        input: undefined,
        ctx: undefined,
      });
      res.status(413).json(transformTRPCResponse(config, { error: shape }));
    };
    if (declaredLength(req) > TRPC_MAX_BODY_BYTES) {
      refuse();
      return void req.resume();
    }
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      if ((req as TRefusable)[REFUSED]) return;
      received += chunk.length;
      if (received <= TRPC_MAX_BODY_BYTES) return void chunks.push(chunk);
      chunks.length = 0;
      refuse();
    });
    req.on('end', () => {
      if ((req as TRefusable)[REFUSED]) return;
      req.body = Buffer.concat(chunks).toString('utf8');
      next();
    });
    req.on('error', next);
  };
