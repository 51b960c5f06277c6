import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, knowledgeChunks, messages, usageDaily, visitors, workspaces } from '../../../db/schema';
import { createTestSource } from '../../../tests/factories/chatbots';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { createLiveChatbot } from '../../../tests/helpers/widget';
import { offlineEmbedder } from '../knowledge/embedder';
import { ingestSource } from '../knowledge/ingest';
import { seedConversation } from '../../../tests/factories/conversations';
import { purgeWorkspace, runRetention } from './retention';

let h: TTestApp;
beforeAll(async () => {
  h = await createTestApp();
});
afterAll(() => h.close());

const DAY = 86_400_000;

/** A visitor who chatted, then was last seen `daysAgo` days ago. */
async function visitorOf(publicKey: string, daysAgo: number, identity: { email?: string } = {}) {
  const visitor = await h.newVisitor(publicKey);
  const sent = await visitor.widget.send({ content: 'Where is my parcel?', clientId: `c-${crypto.randomUUID()}` });
  const at = new Date(Date.now() - daysAgo * DAY);
  const [row] = await h.db
    .update(visitors)
    .set({ lastSeenAt: at, email: identity.email ?? null })
    .where(eq(visitors.id, visitor.visitor.id))
    .returning({ id: visitors.id });
  await h.db.update(conversations).set({ lastMessageAt: at }).where(eq(conversations.id, sent.conversationId));
  return { visitorId: row!.id, conversationId: sent.conversationId };
}

const counts = async (visitorIds: string[]) => ({
  visitors: (await h.db.select({ n: count() }).from(visitors).where(inArray(visitors.id, visitorIds)))[0]!.n,
  conversations: (
    await h.db.select({ n: count() }).from(conversations).where(inArray(conversations.visitorId, visitorIds))
  )[0]!.n,
});

describe('retention', () => {
  it('deletes only anonymous visitors inactive past the policy, with their conversations and messages', async () => {
    const bot = await createLiveChatbot(h.db);
    const other = await createLiveChatbot(h.db);
    const source = await createTestSource(h.db, {
      chatbot: bot,
      title: 'Shipping',
      content: 'Parcels ship in 2 days.',
    });
    await ingestSource({ db: h.db, bus: h.bus, embedder: offlineEmbedder }, source.id);
    await h.db.update(workspaces).set({ retentionDays: 90 }).where(eq(workspaces.id, bot.workspaceId));

    const old = await visitorOf(bot.publicKey, 120);
    const young = await visitorOf(bot.publicKey, 30);
    const identified = await visitorOf(bot.publicKey, 400, { email: 'kim@example.test' });
    const elsewhere = await visitorOf(other.publicKey, 400);
    const chunksBefore = await h.db.select({ n: count() }).from(knowledgeChunks);
    const usageBefore = await h.db.select().from(usageDaily).where(eq(usageDaily.workspaceId, bot.workspaceId));

    const [workspace] = await h.db.select().from(workspaces).where(eq(workspaces.id, bot.workspaceId));
    // Batches of one, so the loop over batches is what runs.
    const result = await purgeWorkspace(h.db, workspace!, { batchSize: 1 });

    expect(result).toEqual({ visitors: 1, conversations: 1, messages: 1, tests: 0 });
    expect(await counts([old.visitorId])).toEqual({ visitors: 0, conversations: 0 });
    expect(await h.db.select().from(messages).where(eq(messages.conversationId, old.conversationId))).toEqual([]);
    for (const kept of [young, identified, elsewhere]) {
      expect(await counts([kept.visitorId])).toEqual({ visitors: 1, conversations: 1 });
    }
    expect(await h.db.select({ n: count() }).from(knowledgeChunks)).toEqual(chunksBefore);
    // Usage figures are kept apart from the messages they counted, so analytics do not move.
    expect(await h.db.select().from(usageDaily).where(eq(usageDaily.workspaceId, bot.workspaceId))).toEqual(
      usageBefore,
    );
    const [after] = await h.db.select().from(workspaces).where(eq(workspaces.id, bot.workspaceId));
    expect(after!.retentionLastRunAt).not.toBeNull();
    expect(after!.retentionLastResult).toEqual(result);

    // Identified visitors go too once the policy no longer keeps them.
    await purgeWorkspace(h.db, { ...workspace!, retentionKeepIdentified: false });
    expect(await counts([identified.visitorId])).toEqual({ visitors: 0, conversations: 0 });
    expect(await counts([young.visitorId])).toEqual({ visitors: 1, conversations: 1 });
  });

  it("deletes the team's test conversations after 7 days without a message, unless the policy keeps them", async () => {
    const bot = await createLiveChatbot(h.db);
    const other = await createLiveChatbot(h.db);
    const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
    const seed = (chatbot: typeof bot, days: number, isTest: boolean) =>
      seedConversation(h.db, {
        chatbotId: chatbot.id,
        workspaceId: chatbot.workspaceId,
        startedAt: daysAgo(days),
        isTest,
        channel: isTest ? 'playground' : 'widget',
      });
    const oldTest = await seed(bot, 8, true);
    const youngTest = await seed(bot, 6, true);
    const oldReal = await seed(bot, 30, false);
    const elsewhere = await seed(other, 30, true);
    // A preview visitor left with nothing once its test chat is gone goes too.
    await h.db
      .update(visitors)
      .set({ isTest: true, lastSeenAt: daysAgo(8) })
      .where(eq(visitors.id, oldTest.visitorId));
    await h.db.update(workspaces).set({ retentionDeleteTests: false }).where(eq(workspaces.id, other.workspaceId));
    const alive = async (id: string) =>
      (await h.db.select({ n: count() }).from(conversations).where(eq(conversations.id, id)))[0]!.n;

    const total = await runRetention(h.db);

    expect(total.tests).toBeGreaterThanOrEqual(1);
    expect(await alive(oldTest.id)).toBe(0);
    expect(await h.db.select().from(messages).where(eq(messages.conversationId, oldTest.id))).toEqual([]);
    expect(await h.db.select().from(visitors).where(eq(visitors.id, oldTest.visitorId))).toEqual([]);
    expect(await alive(youngTest.id)).toBe(1);
    // A visitor's real conversation is under the 365-day policy, not the tests' 7 days.
    expect(await alive(oldReal.id)).toBe(1);
    // The other workspace keeps its test conversations: its policy says so.
    expect(await alive(elsewhere.id)).toBe(1);
    const [after] = await h.db.select().from(workspaces).where(eq(workspaces.id, bot.workspaceId));
    expect(after!.retentionLastResult).toEqual({ visitors: 0, conversations: 0, messages: 0, tests: 1 });
  });
});
