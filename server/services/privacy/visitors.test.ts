import { randomUUID } from 'node:crypto';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../../db/schema';
import {
  auditLog,
  conversations,
  EMBEDDING_DIMENSIONS,
  knowledgeGapQuestions,
  knowledgeGaps,
  mails,
  messages,
  visitors,
  webhookEndpoints,
  webhookMessages,
} from '../../../db/schema';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { failureOf, fileTestApp } from '../../../tests/helpers/app';
import { scanDatabase, scannedTables } from '../../../tests/helpers/scan';
import { collect, createLiveChatbot, HOST_ORIGIN } from '../../../tests/helpers/widget';
import { rollupsAndRecount } from '../analytics/recount';

const h = fileTestApp();
type TTeam = Awaited<ReturnType<typeof createTestTeam>>;
let team: TTeam;
let chatbotId: string;
let publicKey: string;

beforeAll(async () => {
  team = await createTestTeam(h.db, { name: 'Privacy' });
  const bot = await createLiveChatbot(h.db, { workspaceId: team.workspace.id });
  chatbotId = bot.id;
  publicKey = bot.publicKey;
});

/**
 * A visitor with everything a visitor leaves behind: an identity, a context,
 * two messages and an operator's reply, a rating, a thumbs-up, a note, insight
 * labels, a knowledge gap of their wording, a webhook body, a large bus
 * payload and a mail to their address. Every identifier is unique to them.
 */
async function richVisitor() {
  const tag = randomUUID().slice(0, 8);
  const email = `visitor-${tag}@example.test`;
  const name = `Zelda Quill ${tag}`;
  const question = `Where is parcel ${tag}?`;
  const visitor = await h.newVisitor(publicKey);
  await visitor.widget.identify({ name, email, traits: { plan: `gold-${tag}` } });
  await visitor.widget.setContext({ context: { page: `/orders/${tag}` } });
  const sent = await visitor.widget.send({ content: question, clientId: `c-${tag}-1` });
  await visitor.widget.send({ content: `My order number is ${tag}`, clientId: `c-${tag}-2` });
  const admin = await h.as(team.admin);
  const ref = { workspaceId: team.workspace.id, conversationId: sent.conversationId };
  await admin.inbox.takeOver(ref);
  await admin.inbox.reply({ ...ref, content: `Hello ${name}, it ships tomorrow.`, clientId: `op-${tag}` });
  await admin.inbox.addNote({ ...ref, content: `Called ${name} back` });
  await admin.inbox.resolve(ref);
  await visitor.widget.rateConversation({ rating: 4, comment: `Thanks ${tag}` });
  await h.db
    .update(conversations)
    .set({ topic: `shipping-${tag}`, language: 'en', replyEmail: email })
    .where(eq(conversations.id, sent.conversationId));
  const [gap] = await h.db
    .insert(knowledgeGaps)
    .values({
      workspaceId: team.workspace.id,
      chatbotId,
      question,
      embedding: new Array(EMBEDDING_DIMENSIONS).fill(0.01),
      embeddingModel: 'offline',
    })
    .returning();
  await h.db.insert(knowledgeGapQuestions).values({ gapId: gap!.id, question, reason: 'no_answer' });
  const [endpoint] = await h.db
    .insert(webhookEndpoints)
    .values({ workspaceId: team.workspace.id, url: 'https://hooks.example.test/x', events: ['*'], secret: 'sealed' })
    .returning();
  await h.db.insert(webhookMessages).values({
    endpointId: endpoint!.id,
    workspaceId: team.workspace.id,
    eventId: `evt-${tag}`,
    type: 'message.created',
    body: JSON.stringify({ conversationId: sent.conversationId, visitorId: visitor.visitor.id }),
  });
  await h.database.executeSql(`insert into event_payloads (type, payload) values ('message.created', $1::jsonb)`, [
    JSON.stringify({ visitorId: visitor.visitor.id }),
  ]);
  await h.db.insert(mails).values({ to: email, subject: 'Your conversation', transport: 'outbox' });
  const messageIds = (
    await h.db.select({ id: messages.id }).from(messages).where(eq(messages.conversationId, sent.conversationId))
  ).map((row) => row.id);
  return {
    visitorId: visitor.visitor.id,
    token: visitor.visitorToken,
    conversationId: sent.conversationId,
    identifiers: [visitor.visitor.id, sent.conversationId, ...messageIds, email, name, tag],
  };
}

const expectRollupsRight = async () => {
  const rollups = await rollupsAndRecount(h.database);
  for (const [name, { kept, counted }] of Object.entries(rollups)) expect(kept, name).toEqual(counted);
};

describe('the scan helper', () => {
  it('reads every table of the schema from the catalogue, so a new table is scanned without a change', async () => {
    const tables = new Set(await scannedTables(h.database));
    const declared = (Object.values(schema) as unknown[])
      .filter((value): value is PgTable => value instanceof PgTable)
      .map((table) => `${getTableConfig(table).schema ?? 'public'}.${getTableConfig(table).name}`);
    expect(declared.length).toBeGreaterThan(30);
    for (const name of declared) expect(tables).toContain(name);
  });

  it('finds an identifier inside text, uuid and JSON columns', async () => {
    const probe = await richVisitor();
    const hits = await scanDatabase(h.database, [probe.visitorId, probe.identifiers.at(-1)!]);
    const where = new Set(hits.map((hit) => `${hit.table}.${hit.column}`));
    for (const place of ['visitors.id', 'conversations.visitor_id', 'visitors.traits', 'webhook_messages.body']) {
      expect(where).toContain(place);
    }
  });
});

describe("a visitor's data", () => {
  it('is erased from every table by an admin, with the figures still right and others untouched', async () => {
    const subject = await richVisitor();
    const other = await richVisitor();
    expect((await scanDatabase(h.database, subject.identifiers)).length).toBeGreaterThan(0);

    const admin = await h.as(team.admin);
    const result = await admin.privacy.deleteVisitor({ workspaceId: team.workspace.id, visitorId: subject.visitorId });

    expect(result).toEqual({ conversations: 1, messages: 4 });
    expect(await scanDatabase(h.database, subject.identifiers)).toEqual([]);
    const kept = new Set((await scanDatabase(h.database, other.identifiers)).map((hit) => hit.identifier));
    expect([...kept].sort()).toEqual([...new Set(other.identifiers)].sort());
    await expectRollupsRight();
    // Who did what, when: without naming the visitor.
    const [entry] = await h.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'visitor.erased'))
      .orderBy(sql`${auditLog.at} desc`)
      .limit(1);
    expect(entry).toMatchObject({ actorUserId: team.admin.id, workspaceId: team.workspace.id });
    expect(entry!.details).toMatchObject({ chatbotId, conversations: 1, messages: 4 });
    // The token no longer resolves; starting with it makes a new, empty visitor.
    const stale = await h.asVisitor(subject.token);
    expect((await failureOf(stale.history())).code).toBe('UNAUTHORIZED');
    const again = await (
      await h.asVisitor(null)
    ).start({ publicKey, hostOrigin: HOST_ORIGIN, visitorToken: subject.token });
    expect(again.visitorToken).not.toBe(subject.token);
  });

  it('is exported as one JSON document, for admins of its workspace only', async () => {
    const subject = await richVisitor();
    const admin = await h.as(team.admin);
    const data = await admin.privacy.exportVisitor({ workspaceId: team.workspace.id, visitorId: subject.visitorId });
    expect(data.visitor.email).toMatch(/^visitor-/);
    expect(data.conversations).toHaveLength(1);
    expect(data.conversations[0]!.messages.map((m) => m.role)).toEqual(['visitor', 'visitor', 'system', 'operator']);
    expect(data.conversations[0]!.notes).toHaveLength(1);

    const agent = await h.as(team.agent);
    const refused = await failureOf(
      agent.privacy.exportVisitor({ workspaceId: team.workspace.id, visitorId: subject.visitorId }),
    );
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(refused.code);
    expect(
      (await failureOf(agent.privacy.deleteVisitor({ workspaceId: team.workspace.id, visitorId: subject.visitorId })))
        .code,
    ).not.toBeUndefined();
    const stranger = await createTestTeam(h.db);
    const elsewhere = await h.as(stranger.admin);
    const hidden = await failureOf(
      elsewhere.privacy.exportVisitor({ workspaceId: stranger.workspace.id, visitorId: subject.visitorId }),
    );
    expect(hidden.code).toBe('NOT_FOUND');
    expect(
      await h.db.select({ id: visitors.id }).from(visitors).where(eq(visitors.id, subject.visitorId)),
    ).toHaveLength(1);
  });

  it('is erased by the visitor from the widget, who then starts afresh', async () => {
    const subject = await richVisitor();
    const other = await richVisitor();
    const widget = await h.asVisitor(subject.token);
    expect(await widget.forget()).toEqual({ conversations: 1, messages: 4 });
    expect(await scanDatabase(h.database, subject.identifiers)).toEqual([]);
    expect((await scanDatabase(h.database, other.identifiers)).length).toBeGreaterThan(0);
    expect((await failureOf(widget.history())).code).toBe('UNAUTHORIZED');
    await expectRollupsRight();
    const [entry] = await h.db.select().from(auditLog).where(eq(auditLog.actorLabel, 'a visitor'));
    expect(entry).toMatchObject({ action: 'visitor.erased', actorUserId: null });
  });
});

describe('one conversation', () => {
  it('is erased for good through the API with the conversations:write scope; the visitor stays', async () => {
    const subject = await richVisitor();
    const admin = await h.as(team.admin);
    const ws = { workspaceId: team.workspace.id };
    const controller = new AbortController();
    const feed = collect<{ type: string; payload: { conversationId?: string } }>(
      await (await h.as(team.agent, { signal: controller.signal })).inbox.onEvent(ws),
    );
    const { secret } = await admin.developer.createKey({ ...ws, name: 'Privacy bot', scopes: ['conversations:write'] });
    const { secret: readOnly } = await admin.developer.createKey({
      ...ws,
      name: 'Reader',
      scopes: ['conversations:read'],
    });

    const denied = await failureOf(
      (await h.asKey(readOnly)).privacy.deleteConversation({ ...ws, conversationId: subject.conversationId }),
    );
    expect(denied.code).toBe('FORBIDDEN');
    const result = await (
      await h.asKey(secret)
    ).privacy.deleteConversation({ ...ws, conversationId: subject.conversationId });

    expect(result).toEqual({ conversations: 1, messages: 4 });
    // A teammate's open inbox drops it at once.
    await expect
      .poll(() =>
        feed.items.some(
          (i) => i.data.type === 'conversation.deleted' && i.data.payload.conversationId === subject.conversationId,
        ),
      )
      .toBe(true);
    controller.abort();
    const conversationIds = subject.identifiers.slice(1, 6);
    expect(await scanDatabase(h.database, conversationIds)).toEqual([]);
    expect(await h.db.select().from(visitors).where(eq(visitors.id, subject.visitorId))).toHaveLength(1);
    await expectRollupsRight();
    const missing = await failureOf(
      (await h.asKey(secret)).privacy.deleteConversation({ ...ws, conversationId: subject.conversationId }),
    );
    expect(missing.code).toBe('NOT_FOUND');
  });
});
