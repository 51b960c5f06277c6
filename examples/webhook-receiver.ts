/**
 * Receives Parley's event webhooks and trusts only what Parley signed.
 * Parley signs the Standard Webhooks way (headers `webhook-id`,
 * `webhook-timestamp`, `webhook-signature`; HMAC-SHA256 with the endpoint's
 * `whsec_…` secret), so the `standardwebhooks` library verifies it —
 * including the timestamp, which stops replays of old deliveries.
 *
 *   PARLEY_WEBHOOK_SECRET=whsec_… PORT=4000 npx tsx webhook-receiver.ts
 */
import http from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

const secret = process.env.PARLEY_WEBHOOK_SECRET;
if (!secret) throw new Error('Set PARLEY_WEBHOOK_SECRET to the endpoint’s whsec_… secret.');
const webhook = new Webhook(secret.replace(/^whsec_/, ''));

// Parley retries a delivery with the same webhook-id: remember the ids handled, handle each once.
// (A real receiver keeps these in its database for a few days.)
const handled = new Set<string>();
const MAX_BODY_BYTES = 1024 * 1024;

const server = http.createServer((req, res) => {
  if (req.method !== 'POST') return res.writeHead(405).end();
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    // Verify the raw bytes as they arrived: parsing and re-serialising JSON would change them.
    const body = Buffer.concat(chunks).toString('utf8');
    let event: { type: string; data: unknown };
    try {
      event = webhook.verify(body, req.headers as Record<string, string>) as typeof event;
    } catch (error) {
      const reason = error instanceof WebhookVerificationError ? error.message : 'bad request';
      console.warn(`refused a delivery: ${reason}`);
      return res.writeHead(400).end();
    }
    const id = String(req.headers['webhook-id']);
    if (!handled.has(id)) {
      handled.add(id);
      console.log(`${event.type}`, JSON.stringify(event.data));
    }
    // Answer fast (within a few seconds); do slow work after answering.
    res.writeHead(204).end();
  });
});

server.listen(Number(process.env.PORT ?? 4000), () => {
  console.log(`listening for Parley webhooks on port ${process.env.PORT ?? 4000}`);
});
