import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { AppError } from '../../errors';
import {
  checkedAddress,
  parsePublicUrl,
  pinnedLookup,
  PRIVATE_ADDRESS,
  type TFetchOptions,
} from '../knowledge/fetch-page';

/**
 * What Parley POSTs to a chatbot's webhook (response mode "webhook"), e.g.
 * an n8n flow. Documented in the README; change it only compatibly.
 */
export type TWebhookPayload = {
  type: 'message.received';
  chatbot: { id: string; name: string };
  conversation: { id: string; channel: string; context: Record<string, string> };
  visitor: { id: string; name: string | null; email: string | null };
  message: { id: string; content: string; createdAt: string };
  /** Earlier messages, oldest first (at most 20). */
  history: { role: 'visitor' | 'bot' | 'operator'; content: string; createdAt: string }[];
};

export const WEBHOOK_TIMEOUT_MS = 10_000;
const MAX_REPLY_BYTES = 64 * 1024;
const MAX_REPLY_CHARS = 4000;

/**
 * The reply: JSON with the text under `reply` (or `text`/`output`/`message`,
 * the names n8n's AI nodes and common flows use), or a plain-text body.
 */
const ZReply = z
  .union([
    z.object({ reply: z.string() }),
    z.object({ text: z.string() }),
    z.object({ output: z.string() }),
    z.object({ message: z.string() }),
  ])
  .transform((body) => Object.values(body)[0] as string);

export class WebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookError';
  }
}

/**
 * Signs the payload with the Standard Webhooks scheme (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`) through
 * the scheme's own library, so receivers can verify it with any Standard
 * Webhooks implementation (n8n's crypto node, svix, the libraries).
 */
export function signWebhook(secret: string, body: string, { id = `msg_${randomUUID()}`, at = new Date() } = {}) {
  const signature = new Webhook(secret).sign(id, at, body);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

export type TWebhookGuard = Pick<TFetchOptions, 'allowPrivate' | 'exemptAddresses' | 'resolve'>;

/**
 * `fetch` for webhooks behind the same SSRF guard as knowledge imports: a
 * chatbot's webhook address is typed by any admin of any workspace, and the
 * server calling it must not become their way into the network it runs in.
 * http(s) only; every address the name resolves to must be public (unless
 * `allowPrivate`, from KNOWLEDGE_ALLOW_PRIVATE_URLS, for a local n8n while
 * developing); the connection goes to the checked address, so a second DNS
 * answer cannot rebind it; redirects are returned, never followed (each hop
 * would need the checks again, and a webhook has no reason to move). The
 * body is read whole, up to just past the reply cap, so a timeout while it
 * streams is reported like one before it.
 */
export const webhookFetch =
  (guard: TWebhookGuard = {}): typeof fetch =>
  async (input, init = {}) => {
    const url = parsePublicUrl(input instanceof Request ? input.url : String(input), guard);
    const pinned = await checkedAddress(url, guard);
    const signal = init.signal ?? undefined;
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const fail = (error: unknown) => reject(signal?.aborted ? signal.reason : error);
      const request = client.request(
        url,
        {
          method: init.method ?? 'GET',
          headers: Object.fromEntries(new Headers(init.headers).entries()),
          lookup: pinnedLookup(pinned),
          // No keep-alive pool: a pooled socket could carry another host name's request.
          agent: false,
          signal,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            size += chunk.length;
            // Past the cap the reply is refused anyway: stop reading instead of buffering it all.
            if (size > MAX_REPLY_BYTES) response.destroy();
          });
          response.on('error', fail);
          response.on('close', () => {
            if (!response.complete && size <= MAX_REPLY_BYTES) return fail(new Error('the reply was cut off'));
            const status = response.statusCode ?? 500;
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers))
              for (const one of [value ?? []].flat()) headers.append(name, one);
            const hasBody = status !== 204 && status !== 205 && status !== 304;
            resolve(
              new Response(hasBody ? Buffer.concat(chunks) : null, {
                status: status < 200 ? 502 : status,
                statusText: response.statusMessage,
                headers,
              }),
            );
          });
        },
      );
      request.on('error', fail);
      request.end(typeof init.body === 'string' ? init.body : undefined);
    });
  };

/**
 * POSTs one visitor message and returns the reply text. Every failure —
 * timeout, network, non-2xx, an unreadable or empty reply — is a
 * `WebhookError` with a sentence for the log; the caller falls back.
 */
export async function callWebhook(
  options: {
    url: string;
    secret: string;
    /** `webhookFetch()` (public addresses only) unless given; the server passes one with its development allowance. */
    fetch?: typeof fetch;
    timeoutMs?: number;
    signal?: AbortSignal;
  },
  payload: TWebhookPayload,
): Promise<string> {
  const body = JSON.stringify(payload);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
  let response: Response;
  try {
    response = await (options.fetch ?? webhookFetch())(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Parley-Webhook/1',
        ...signWebhook(options.secret, body),
      },
      body,
      signal: AbortSignal.any(signals),
      redirect: 'error',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError')
      throw new WebhookError(`The webhook did not answer within ${timeoutMs / 1000} s`);
    if (options.signal?.aborted) throw options.signal.reason;
    if (error instanceof AppError)
      throw new WebhookError(
        // PRIVATE_ADDRESS may be the refusal's message key or its English sentence.
        error.key === PRIVATE_ADDRESS || error.message === PRIVATE_ADDRESS
          ? 'The webhook address is on a private network; Parley only calls public addresses (KNOWLEDGE_ALLOW_PRIVATE_URLS lets it reach them while developing)'
          : `The webhook address was refused: ${error.message}`,
      );
    throw new WebhookError(`The webhook could not be reached (${(error as Error).message})`);
  }
  if (response.status >= 300 && response.status < 400)
    throw new WebhookError(
      `The webhook answered ${response.status} with a redirect; Parley does not follow webhook redirects, so enter the final address`,
    );
  if (!response.ok) throw new WebhookError(`The webhook answered ${response.status} ${response.statusText}`.trim());

  let raw: string;
  try {
    raw = await response.text();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError')
      throw new WebhookError(`The webhook did not finish its reply within ${timeoutMs / 1000} s`);
    throw new WebhookError('The webhook reply could not be read');
  }
  if (Buffer.byteLength(raw) > MAX_REPLY_BYTES) throw new WebhookError('The webhook reply is larger than 64 KB');

  let text = raw;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new WebhookError('The webhook reply is not valid JSON');
    }
    // n8n's "Respond to Webhook" with "all incoming items" wraps the item in an array.
    const parsed = ZReply.safeParse(Array.isArray(json) ? json[0] : json);
    if (!parsed.success) throw new WebhookError('The webhook reply has no "reply" text');
    text = parsed.data;
  }
  text = text.trim();
  if (!text) throw new WebhookError('The webhook reply is empty');
  return text.length > MAX_REPLY_CHARS ? `${text.slice(0, MAX_REPLY_CHARS)}…` : text;
}
