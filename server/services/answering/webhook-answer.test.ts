import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chatbots } from '../../../db/schema';
import { testLog } from '../../../tests/helpers/log';
import { ask, bot, database, deps, setSettings, setUpAnswering, visitorSays } from '../../../tests/helpers/answering';
import { answerMessage, type TAnswerDeps } from './answer';
import { offlineProvider } from './providers';
import { webhookFetch } from './webhook';

setUpAnswering();

describe('answering through a webhook', () => {
  type TReceived = { headers: http.IncomingHttpHeaders; body: string };
  let received: TReceived[] = [];
  let respond: (res: http.ServerResponse, body: string) => void = () => {};
  let receiver: http.Server;
  let url: string;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        respond(res, body);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/n8n/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  /** The receiver is on loopback: reaching it needs the development allowance (KNOWLEDGE_ALLOW_PRIVATE_URLS). */
  const local = (extra: Partial<TAnswerDeps> = {}) =>
    deps(offlineProvider, { fetch: webhookFetch({ allowPrivate: true }), ...extra });

  it('posts the message signed the Standard Webhooks way and answers with the reply', async () => {
    received = [];
    await setSettings({ responseMode: 'webhook', webhookUrl: url });
    respond = (res, body) => {
      const payload = JSON.parse(body) as { message: { content: string } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ reply: `Our flow read: ${payload.message.content}` }));
    };
    const first = await visitorSays('Hello there');
    await answerMessage(local(), { messageId: first.message.id });
    const { stored, streamed } = await ask('Do you sell gift cards?', local());
    expect(stored).toMatchObject({
      outcome: 'answered',
      provider: 'webhook',
      content: 'Our flow read: Do you sell gift cards?',
    });
    expect(streamed).toBe('Our flow read: Do you sell gift cards?');

    const request = received.at(-1)!;
    const [chatbot] = await database.db.select().from(chatbots).where(eq(chatbots.id, bot.id));
    // Verified with the scheme's own library, as a receiver would.
    const verified = new Webhook(chatbot!.webhookSecret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    expect(verified).toMatchObject({
      type: 'message.received',
      chatbot: { id: bot.id, name: 'Shoe Help' },
      message: { content: 'Do you sell gift cards?' },
      history: [],
    });
    expect(() =>
      new Webhook(chatbot!.webhookSecret).verify(request.body.replace('gift', 'gilt'), {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      }),
    ).toThrow();
  });

  it('falls back to the fallback message, logged, when the webhook is too slow or fails', async () => {
    await setSettings({ responseMode: 'webhook', webhookUrl: url });
    respond = (res) => setTimeout(() => res.end('{"reply":"late"}'), 1500);
    const error = vi.spyOn(testLog, 'error');
    const slow = await ask('Do you sell gift cards?', local({ webhookTimeoutMs: 200 }));
    expect(slow.stored).toMatchObject({
      outcome: 'failed',
      provider: 'webhook',
      content: expect.stringMatching(/don't know/),
    });

    respond = (res) => {
      res.writeHead(502);
      res.end('Bad gateway');
    };
    const broken = await ask('Do you sell gift cards?', local());
    expect(broken.stored).toMatchObject({ outcome: 'failed', provider: 'webhook' });
    expect(error.mock.calls.map((call) => String((call[0] as { err: Error }).err.message))).toEqual(
      expect.arrayContaining(['The webhook did not answer within 0.2 s', 'The webhook answered 502 Bad Gateway']),
    );
    error.mockRestore();
  });

  it('refuses private addresses and redirects unless allowed, and falls back instead', async () => {
    const error = vi.spyOn(testLog, 'error');
    const reasons = () => error.mock.calls.map((call) => String((call[0] as { err: Error }).err.message));
    received = [];
    respond = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"reply":"Should never be used"}');
    };
    // The server's default: no allowance. A loopback address, and a name that resolves inside the network.
    await setSettings({ responseMode: 'webhook', webhookUrl: url });
    const loopback = await ask('Do you sell gift cards?');
    await setSettings({ responseMode: 'webhook', webhookUrl: 'https://hooks.example.com/flow' });
    const resolve = async () => [{ address: '10.0.0.7', family: 4 }];
    const rebound = await ask('Do you sell gift cards?', deps(offlineProvider, { fetch: webhookFetch({ resolve }) }));
    for (const { stored, streamed } of [loopback, rebound]) {
      expect(stored).toMatchObject({
        outcome: 'failed',
        provider: 'webhook',
        content: expect.stringMatching(/don't know/),
      });
      expect(streamed).not.toContain('Should never be used');
    }
    expect(received).toEqual([]);
    expect(reasons().filter((reason) => /private network/.test(reason))).toHaveLength(2);

    // A redirect is not followed, even to a public-looking address.
    await setSettings({ responseMode: 'webhook', webhookUrl: url });
    respond = (res) => {
      res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    };
    const redirected = await ask('Do you sell gift cards?', local());
    expect(redirected.stored).toMatchObject({ outcome: 'failed', provider: 'webhook' });
    expect(received).toHaveLength(1);
    expect(reasons().at(-1)).toMatch(/307 with a redirect; Parley does not follow webhook redirects/);
    error.mockRestore();
  });
});
