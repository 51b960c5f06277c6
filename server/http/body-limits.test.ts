import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadableStreamFromReadable } from '@remix-run/node';
import express from 'express';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { rawRequest } from '../../tests/helpers/raw-http';
import { streamingUpload } from '../../tests/helpers/streaming-upload';
import { startParley, type Parley } from '../app';
import { parseEnv } from '../env';
import {
  bodyTooLargeMessage,
  dropAfterBodyRefused,
  FORM_MAX_BYTES,
  remixBodyLimit,
  TRPC_MAX_BODY_BYTES,
} from './body-limits';

const MB = 1024 * 1024;

let parley: Parley;
let remixLike: http.Server;
let remixLikeUrl: string;
beforeAll(async () => {
  const env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
  parley = await startParley(env, testLog, { database: await createTestDatabase(), serveWebApp: false });
  // Remix reads the body the way its Express adapter does; this stands in for an action reading a form.
  const app = express();
  app.use(remixBodyLimit());
  app.post('/action', async (req, res, next) => {
    try {
      const body = createReadableStreamFromReadable(req);
      const text = await new Response(body).text();
      res.json({ length: text.length });
    } catch (error) {
      next(error);
    }
  });
  app.use(dropAfterBodyRefused);
  remixLike = http.createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => remixLike.once('listening', resolve));
  remixLikeUrl = `http://127.0.0.1:${(remixLike.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await parley?.close();
  remixLike?.closeAllConnections();
  await new Promise((resolve) => remixLike?.close(resolve));
});

describe('tRPC over HTTP', () => {
  it('refuses a 50 MB chunked body with 413 PAYLOAD_TOO_LARGE long before it has all arrived', async () => {
    // Also from a client that asked to close: the answer must not be lost to a reset while it still sends.
    for (const connection of ['keep-alive', 'close']) {
      const outcome = await streamingUpload(`${parley.url}/api/trpc/account.login`, {
        headers: { 'content-type': 'application/json', connection },
        totalBytes: 50 * MB,
      });
      expect(outcome.status).toBe(413);
      expect(outcome.isFinished).toBe(false);
      expect(outcome.bytesSent).toBeLessThan(TRPC_MAX_BODY_BYTES + 8 * MB);
      expect(JSON.parse(outcome.body)).toMatchObject({
        error: { json: { message: bodyTooLargeMessage(TRPC_MAX_BODY_BYTES), data: { code: 'PAYLOAD_TOO_LARGE' } } },
      });
    }
  });

  it('takes a normal body, and one the size of the largest file upload', async () => {
    const login = await fetch(`${parley.url}/api/trpc/account.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(superjson.serialize({ email: 'nobody@example.com', password: 'not-the-password' })),
    });
    expect(login.status).toBe(401);
    // A 10 MB file as base64, as `knowledge.source.createFile` receives it: past the body limit, the schema decides.
    const base64 = 'A'.repeat(Math.ceil((10 * MB) / 3) * 4);
    const upload = await fetch(`${parley.url}/api/trpc/knowledge.source.createFile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        superjson.serialize({ workspaceId: 'w', chatbotId: 'c', fileName: 'a.txt', contentBase64: base64 }),
      ),
    });
    expect(upload.status).toBe(401);
  });
});

describe('Remix form posts and uploads', () => {
  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    // Nothing is sent after the headers: an answer can only come from the declared length.
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${parley.url}/settings`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(400 * MB) },
        agent: false,
      });
      request.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (part: string) => (body += part));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
          request.destroy();
        });
      });
      request.on('error', reject);
      request.flushHeaders();
    });
    expect(response).toEqual({ status: 413, body: bodyTooLargeMessage(FORM_MAX_BYTES) });
  });

  it('stops a chunked body at the limit and answers 413', async () => {
    const outcome = await streamingUpload(`${remixLikeUrl}/action`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      totalBytes: 50 * MB,
    });
    // What must hold is that the body is stopped near the limit, not buffered. The 413 itself can be lost
    // in a race the server does not control: a client still writing when the connection ends gets a TCP
    // reset, and its network stack may drop the answer before reading it (seen on a loaded machine).
    expect(outcome.isFinished).toBe(false);
    expect(outcome.bytesSent).toBeLessThan(FORM_MAX_BYTES + 8 * MB);
    if (outcome.status !== 0) {
      expect(outcome.status).toBe(413);
      expect(outcome.body).toBe(bodyTooLargeMessage(FORM_MAX_BYTES));
    }
  });

  it('passes forms within the limit, chunked or not', async () => {
    const form = `text=${'b'.repeat(MB)}`;
    const plain = await rawRequest(remixLikeUrl, {
      path: '/action',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect([plain.status, JSON.parse(plain.body)]).toEqual([200, { length: form.length }]);
    const chunked = await streamingUpload(`${remixLikeUrl}/action`, { totalBytes: 2 * MB });
    expect([chunked.status, chunked.isFinished, JSON.parse(chunked.body)]).toEqual([200, true, { length: 2 * MB }]);
  });
});
