import { eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, knowledgeSources, webhookEndpoints, webhookMessages } from '../../../db/schema';
import { createTestSource } from '../../../tests/factories/chatbots';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { testLog } from '../../../tests/helpers/log';
import { startWebhookReceiver } from '../../../tests/helpers/webhook-receiver';
import { createLiveChatbot } from '../../../tests/helpers/widget';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/webhook-events';
import { startJobQueue } from '../../jobs/queue';
import { attemptDelivery } from './deliver';
import { startWebhookDispatcher, unqueuedMessages, type WebhookDispatcher } from './dispatcher';
import { registerWebhookJobs } from './jobs';

let h: TTestApp;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let team: Awaited<ReturnType<typeof createTestTeam>>;
let bot: Awaited<ReturnType<typeof createLiveChatbot>>;
const dispatchers: WebhookDispatcher[] = [];

// The receiver is on loopback: only its address is let through the SSRF guard (its test affordance);
// `internal.example.test` resolves to a private address, as a hostile DNS answer would.
const guard = {
  exemptAddresses: ['127.0.0.1'],
  resolve: async (host: string) => [
    { address: host === 'internal.example.test' ? '10.0.0.8' : '127.0.0.1', family: 4 },
  ],
};
const RETRY = { retryLimit: 2, retryDelaySeconds: 1 };

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  h = await createTestApp({
    webhookGuard: guard,
    jobs: (database) => startJobQueue(database, testLog, { supervise: false, pollingIntervalSeconds: 0.5 }),
  });
  await registerWebhookJobs(h.jobs, { db: h.db, env: h.env, bus: h.bus, guard }, RETRY);
  // Two dispatchers on one database and bus: two processes that both hear every event.
  for (let i = 0; i < 2; i += 1)
    dispatchers.push(startWebhookDispatcher({ db: h.db, bus: h.bus, jobs: h.jobs, log: testLog }));
  team = await createTestTeam(h.db, { name: 'Acme' });
  bot = await createLiveChatbot(h.db, { workspaceId: team.workspace.id, name: 'Shoe Help' });
}, 120_000);
afterAll(async () => {
  for (const dispatcher of dispatchers) await dispatcher.close();
  await h.close();
  await receiver.close();
});

const admin = () => h.as(team.admin);
const workspaceId = () => team.workspace.id;
let clientCounter = 0;
const clientId = () => `webhook-client-${++clientCounter}`;

async function endpoint(path: string, events: readonly string[] = WEBHOOK_EVENT_TYPES) {
  return (await admin()).webhook.create({
    workspaceId: workspaceId(),
    url: receiver.url(path),
    events: events as never,
    description: `Receiver ${path}`,
  });
}

/** Verifies like a receiver would, with the standardwebhooks library; throws on a bad signature. */
const verified = (secret: string, request: { headers: Record<string, string>; body: string }) =>
  new Webhook(secret).verify(request.body, request.headers) as {
    type: string;
    timestamp: string;
    data: Record<string, unknown>;
  };

describe('event webhooks', () => {
  it('delivers every event type, signed the Standard Webhooks way', async () => {
    const { endpoint: made, secret } = await endpoint('/all');
    expect(secret).toMatch(/^whsec_/);

    const visitor = await h.newVisitor(bot.publicKey);
    const { conversationId } = await visitor.widget.send({ content: 'Where is my order?', clientId: clientId() });
    await visitor.widget.requestHuman();
    const inbox = (await admin()).inbox;
    await inbox.assign({ workspaceId: workspaceId(), conversationId, userId: team.agent.id });
    await inbox.resolve({ workspaceId: workspaceId(), conversationId });
    await visitor.widget.rateConversation({ rating: 5, comment: 'Quick help' });
    // Sources change status in ingestion; its events are what the dispatcher hears.
    const source = await createTestSource(h.db, {
      chatbot: bot,
      kind: 'text',
      title: 'Returns',
      content: 'Thirty days.',
    });
    for (const status of ['ready', 'failed'] as const) {
      await h.db.update(knowledgeSources).set({ status }).where(eq(knowledgeSources.id, source.id));
      await h.bus.publish('source.updated', {
        workspaceId: workspaceId(),
        chatbotId: bot.id,
        sourceId: source.id,
        status,
        chunkCount: status === 'ready' ? 1 : 0,
        error: status === 'failed' ? 'The page could not be read' : null,
      });
    }

    await vi.waitFor(
      () =>
        expect(new Set(receiver.at('/all').map((r) => JSON.parse(r.body).type))).toEqual(new Set(WEBHOOK_EVENT_TYPES)),
      { timeout: 20_000, interval: 100 },
    );
    const payloads = receiver.at('/all').map((request) => verified(secret, request));
    const byType = new Map(payloads.map((payload) => [payload.type, payload.data]));
    expect(byType.get('conversation.created')).toMatchObject({
      workspaceId: workspaceId(),
      chatbotId: bot.id,
      conversation: { id: conversationId, status: 'open' },
    });
    expect(
      payloads.filter((p) => p.type === 'message.created').map((p) => (p.data.message as { content: string }).content),
    ).toContain('Where is my order?');
    expect(byType.get('handoff.requested')).toMatchObject({ conversation: { id: conversationId, status: 'pending' } });
    expect(byType.get('conversation.assigned')).toMatchObject({ conversation: { assignedUserId: team.agent.id } });
    expect(byType.get('conversation.resolved')).toMatchObject({ conversation: { status: 'resolved' } });
    expect(byType.get('feedback.created')).toMatchObject({ kind: 'conversation', rating: 5, comment: 'Quick help' });
    expect(byType.get('source.ready')).toMatchObject({ source: { id: source.id, status: 'ready', chunkCount: 1 } });
    expect(byType.get('source.failed')).toMatchObject({ source: { error: 'The page could not be read' } });
    // Every request carries its own webhook-id; the log shows them delivered.
    const ids = receiver.at('/all').map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
    const log = await (await admin()).webhook.deliveries({ workspaceId: workspaceId(), endpointId: made.id });
    expect(log.every((entry) => entry.status === 'delivered' && entry.lastAttempt?.statusCode === 200)).toBe(true);
    await (await admin()).webhook.delete({ workspaceId: workspaceId(), endpointId: made.id });
  }, 40_000);

  it('queues one delivery per endpoint however many processes hear the event', async () => {
    const { endpoint: made } = await endpoint('/once', ['conversation.created']);
    const visitor = await h.newVisitor(bot.publicKey);
    await visitor.widget.send({ content: 'Hello', clientId: clientId() });
    await vi.waitFor(() => expect(receiver.at('/once')).toHaveLength(1), { timeout: 10_000, interval: 100 });
    for (const dispatcher of dispatchers) await dispatcher.idle();
    const rows = await h.db.select().from(webhookMessages).where(eq(webhookMessages.endpointId, made.id));
    expect(rows).toHaveLength(1);
    expect(receiver.at('/once')).toHaveLength(1);
    await (await admin()).webhook.delete({ workspaceId: workspaceId(), endpointId: made.id });
  }, 20_000);

  it("reads a workspace's endpoints once, until they change", async () => {
    const { endpoint: first } = await endpoint('/cached-a', ['conversation.created']);
    const conversationStarted = async () => {
      await (await h.newVisitor(bot.publicKey)).widget.send({ content: 'Hello', clientId: clientId() });
      for (const dispatcher of dispatchers) await dispatcher.idle();
    };
    await conversationStarted();
    // Added behind the routes' back: no `webhook.endpoints-changed`, so the dispatchers keep their list.
    const [row] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, first.id));
    const [second] = await h.db
      .insert(webhookEndpoints)
      .values({
        workspaceId: workspaceId(),
        url: receiver.url('/cached-b'),
        events: ['conversation.created'],
        secret: row!.secret,
      })
      .returning();
    await conversationStarted();
    await vi.waitFor(() => expect(receiver.at('/cached-a')).toHaveLength(2), { timeout: 10_000, interval: 100 });
    expect(receiver.at('/cached-b')).toHaveLength(0);

    await h.bus.publish('webhook.endpoints-changed', { workspaceId: workspaceId() });
    await conversationStarted();
    await vi.waitFor(() => expect(receiver.at('/cached-b')).toHaveLength(1), { timeout: 10_000, interval: 100 });
    for (const id of [first.id, second!.id])
      await (await admin()).webhook.delete({ workspaceId: workspaceId(), endpointId: id });
  }, 30_000);

  it('retries a failing receiver with backoff under one webhook-id, then replays it by hand', async () => {
    receiver.answer((request) => (request.path === '/flaky' ? 503 : 200));
    const { endpoint: made, secret } = await endpoint('/flaky', ['conversation.created']);
    const visitor = await h.newVisitor(bot.publicKey);
    await visitor.widget.send({ content: 'Anyone there?', clientId: clientId() });

    const caller = await admin();
    const failed = async () =>
      (await caller.webhook.deliveries({ workspaceId: workspaceId(), endpointId: made.id })).filter(
        (d) => d.status === 'failed',
      );
    await vi.waitFor(async () => expect(await failed()).toHaveLength(1), { timeout: 30_000, interval: 250 });
    const attempts = receiver.at('/flaky');
    expect(attempts).toHaveLength(1 + RETRY.retryLimit);
    // The same message on every attempt: one id and one body, each attempt signed afresh.
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    for (const attempt of attempts) verified(secret, attempt);
    const [message] = await failed();
    const detail = await caller.webhook.delivery({ workspaceId: workspaceId(), messageId: message!.id });
    expect(detail.attempts.map((a) => [a.trigger, a.statusCode, a.error])).toEqual([
      ['retry', 503, 'Answered 503'],
      ['retry', 503, 'Answered 503'],
      ['event', 503, 'Answered 503'],
    ]);
    // The log is stored as messages: each reader gets it in their own language.
    const german = await (
      await h.as(team.admin, { locale: 'de' })
    ).webhook.delivery({ workspaceId: workspaceId(), messageId: message!.id });
    expect(german.attempts.map((a) => a.error)).toEqual(['Antwort 503', 'Antwort 503', 'Antwort 503']);
    // The queue spaced the retries out exponentially (pg-boss's backoff), not at a fixed interval.
    const [job] = await h.database.rows<{ retry_backoff: boolean; retry_limit: number }>(
      sql`select retry_backoff, retry_limit from pgboss.job where name = 'webhook.deliver' and data->>'messageId' = ${message!.id}`,
    );
    expect(job).toEqual({ retry_backoff: true, retry_limit: RETRY.retryLimit });

    receiver.answer(() => 200);
    expect(await caller.webhook.replay({ workspaceId: workspaceId(), endpointId: made.id })).toEqual({ queued: 1 });
    await vi.waitFor(async () => expect(receiver.at('/flaky')).toHaveLength(2 + RETRY.retryLimit), { timeout: 10_000 });
    const replayed = receiver.at('/flaky').at(-1)!;
    expect(replayed.headers['webhook-id']).toBe(message!.webhookId);
    expect(verified(secret, replayed).type).toBe('conversation.created');
    await vi.waitFor(async () =>
      expect((await caller.webhook.delivery({ workspaceId: workspaceId(), messageId: message!.id })).status).toBe(
        'delivered',
      ),
    );
    // One chosen delivery can be replayed too; it keeps its id.
    await caller.webhook.replay({ workspaceId: workspaceId(), endpointId: made.id, messageIds: [message!.id] });
    await vi.waitFor(async () => expect(receiver.at('/flaky')).toHaveLength(3 + RETRY.retryLimit), { timeout: 10_000 });
    expect(receiver.at('/flaky').at(-1)!.headers['webhook-id']).toBe(message!.webhookId);
    await caller.webhook.delete({ workspaceId: workspaceId(), endpointId: made.id });
  }, 60_000);

  it('refuses receivers on private addresses, when saved and when delivering', async () => {
    const caller = await admin();
    for (const url of ['http://10.0.0.5/hook', 'http://169.254.169.254/latest', 'http://localhost:8080/hook'])
      await expect(caller.webhook.create({ workspaceId: workspaceId(), url, events: ['message.created'] })).toFailWith({
        code: 'BAD_REQUEST',
        message: 'That address is on a private network; Parley only fetches public pages.',
      });
    // A name is checked again on every delivery, against every address it resolves to.
    const { endpoint: made } = await caller.webhook.create({
      workspaceId: workspaceId(),
      url: 'http://internal.example.test/hook',
      events: ['message.created'],
    });
    const before = receiver.received.length;
    const result = await caller.webhook.sendTest({ workspaceId: workspaceId(), endpointId: made.id });
    expect(result.attempt).toMatchObject({ isSuccess: false, statusCode: null });
    expect(result.attempt?.error).toMatch(/private network/);
    expect(receiver.received.length).toBe(before);
    await caller.webhook.delete({ workspaceId: workspaceId(), endpointId: made.id });
  });

  it('sends a test event on request and logs it', async () => {
    const { endpoint: made, secret } = await endpoint('/test', ['source.ready']);
    const caller = await admin();
    const result = await caller.webhook.sendTest({ workspaceId: workspaceId(), endpointId: made.id });
    expect(result.attempt).toMatchObject({ isSuccess: true, statusCode: 200, trigger: 'test' });
    const [request] = receiver.at('/test');
    expect(request!.headers['webhook-id']).toBe(result.webhookId);
    expect(verified(secret, request!)).toMatchObject({ type: 'webhook.test', data: { workspaceId: workspaceId() } });
    const log = await caller.webhook.deliveries({ workspaceId: workspaceId(), endpointId: made.id });
    expect(log.map((entry) => [entry.type, entry.status])).toEqual([['webhook.test', 'delivered']]);
  });

  it('signs with both secrets while a rotation overlaps, and audits the changes', async () => {
    const { endpoint: made, secret: old } = await endpoint('/rotate', ['source.ready']);
    const caller = await admin();
    const { secret: fresh } = await caller.webhook.rotateSecret({
      workspaceId: workspaceId(),
      endpointId: made.id,
      overlapHours: 2,
    });
    expect((await caller.webhook.revealSecret({ workspaceId: workspaceId(), endpointId: made.id })).secret).toBe(fresh);
    await caller.webhook.sendTest({ workspaceId: workspaceId(), endpointId: made.id });
    const [request] = receiver.at('/rotate');
    expect(request!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verified(old, request!).type).toBe('webhook.test');
    expect(verified(fresh, request!).type).toBe('webhook.test');
    // Without an overlap (a leaked secret) the old one stops at once.
    const { secret: newest } = await caller.webhook.rotateSecret({
      workspaceId: workspaceId(),
      endpointId: made.id,
      overlapHours: 0,
    });
    await caller.webhook.sendTest({ workspaceId: workspaceId(), endpointId: made.id });
    const last = receiver.at('/rotate').at(-1)!;
    expect(() => verified(fresh, last)).toThrow();
    expect(verified(newest, last).type).toBe('webhook.test');
    // Stored sealed: the raw secret is nowhere in the row.
    const [row] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, made.id));
    expect(JSON.stringify(row)).not.toContain(newest.slice(6));

    await caller.webhook.update({ workspaceId: workspaceId(), endpointId: made.id, description: 'Renamed' });
    await caller.webhook.delete({ workspaceId: workspaceId(), endpointId: made.id });
    const actions = (await h.db.select().from(auditLog).where(eq(auditLog.targetId, made.id))).map((e) => e.action);
    expect(actions.sort()).toEqual([
      'webhook.endpoint_changed',
      'webhook.endpoint_created',
      'webhook.endpoint_deleted',
      'webhook.secret_rotated',
      'webhook.secret_rotated',
    ]);
  });

  it('switches an endpoint off after days of failures and mails the admins', async () => {
    receiver.answer((request) => (request.path === '/dead' ? 500 : 200));
    const { endpoint: made } = await endpoint('/dead', ['source.ready']);
    const [message] = await h.db
      .insert(webhookMessages)
      .values({
        endpointId: made.id,
        workspaceId: workspaceId(),
        eventId: 'evt-dead',
        type: 'source.ready',
        body: '{}',
      })
      .returning();
    // The streak began six days ago.
    await h.db
      .update(webhookEndpoints)
      .set({ failingSince: new Date(Date.now() - 6 * 86_400_000) })
      .where(eq(webhookEndpoints.id, made.id));
    const deps = { db: h.db, env: h.env, jobs: h.jobs, bus: h.bus, guard };
    await attemptDelivery(deps, { messageId: message!.id, trigger: 'retry', isFinal: false });
    const listed = await (await admin()).webhook.get({ workspaceId: workspaceId(), endpointId: made.id });
    expect(listed).toMatchObject({
      isEnabled: false,
      disabledReason: 'Every delivery failed for 5 days; Parley switched the endpoint off.',
    });
    const inFrench = await (
      await h.as(team.admin, { locale: 'fr' })
    ).webhook.get({ workspaceId: workspaceId(), endpointId: made.id });
    expect(inFrench.disabledReason).toBe(
      'Toutes les livraisons ont échoué pendant 5 jours ; Parley a désactivé l’endpoint.',
    );
    for (const person of [team.owner, team.admin]) {
      const mail = await h.mail.last(person.email);
      expect(mail?.subject).toBe('A webhook endpoint of Acme was switched off');
      expect(mail?.text).toContain(receiver.url('/dead'));
    }
    expect(await h.mail.last(team.agent.email)).toBeNull();
    // Switched back on, it starts afresh.
    const back = await (
      await admin()
    ).webhook.update({ workspaceId: workspaceId(), endpointId: made.id, isEnabled: true });
    expect(back).toMatchObject({ isEnabled: true, disabledReason: null, failingSince: null });
    receiver.answer(() => 200);
  });

  it('finds a stored message whose delivery was never queued, and only that one', async () => {
    const { endpoint: made } = await endpoint('/lost', ['source.ready']);
    const [lost] = await h.db
      .insert(webhookMessages)
      .values({
        endpointId: made.id,
        workspaceId: workspaceId(),
        eventId: 'evt-lost',
        type: 'source.ready',
        body: '{}',
        createdAt: new Date(Date.now() - 11 * 60_000),
      })
      .returning();
    expect((await unqueuedMessages(h.db)).map((m) => m.id)).toEqual([lost!.id]);
    await h.jobs.send('webhook.deliver', { messageId: lost!.id });
    await vi.waitFor(async () => expect(receiver.at('/lost')).toHaveLength(1), { timeout: 10_000 });
    expect(await unqueuedMessages(h.db)).toEqual([]);
  });

  it('validates what an admin enters', async () => {
    const caller = await admin();
    await expect(
      caller.webhook.create({ workspaceId: workspaceId(), url: 'ftp://example.com', events: ['message.created'] }),
    ).toFailWith({
      code: 'BAD_REQUEST',
      message: 'Parley only fetches http:// and https:// addresses.',
    });
    await expect(
      caller.webhook.create({ workspaceId: workspaceId(), url: 'https://example.com/hook', events: [] }),
    ).toFailWith({ code: 'BAD_REQUEST', fieldErrors: { events: ['Choose at least one event.'] } });
    await expect(
      (await h.as(team.admin, { locale: 'es' })).webhook.create({
        workspaceId: workspaceId(),
        url: 'https://example.com/hook',
        events: [],
      }),
    ).toFailWith({ code: 'BAD_REQUEST', fieldErrors: { events: ['Elige al menos un evento.'] } });
    await expect(
      caller.webhook.create({
        workspaceId: workspaceId(),
        url: 'https://example.com/hook',
        events: ['message.created'],
        chatbotId: crypto.randomUUID(),
      }),
    ).toFailWith({ code: 'BAD_REQUEST' });
    // Agents do not configure webhooks.
    await expect((await h.as(team.agent)).webhook.list({ workspaceId: workspaceId() })).toFailWith({
      code: 'FORBIDDEN',
    });
  });
});
