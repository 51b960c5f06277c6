import { and, eq, lt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatbots, conversations, messages, visitors } from '../../../db/schema';
import { createTestChatbot } from '../../../tests/factories/chatbots';
import { seedConversation } from '../../../tests/factories/conversations';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { rollupsAndRecount } from './recount';
import { settleConversations } from './settle';

let h: TTestApp;
let team: Awaited<ReturnType<typeof createTestTeam>>;
let bot: { id: string; workspaceId: string };
const DAY = 86_400_000;
const now = new Date('2026-07-01T12:00:00Z');
const daysAgo = (days: number, hour = 10) => new Date(Date.UTC(2026, 5, 30 - days, hour, 7));

beforeAll(async () => {
  h = await createTestApp();
  team = await createTestTeam(h.db, { name: 'Acme' });
  bot = await createTestChatbot(h.db, { workspaceId: team.workspace.id });
});
afterAll(() => h.close());

async function expectRollupsEqualRecount() {
  const rollups = await rollupsAndRecount(h.database);
  for (const [name, { kept, counted }] of Object.entries(rollups)) expect(kept, name).toEqual(counted);
  return rollups.daily.kept;
}

describe('conversation rollups', () => {
  it('stay equal to a recount through inserts, outcomes, feedback and labels', async () => {
    const base = { workspaceId: bot.workspaceId, chatbotId: bot.id };
    for (let day = 0; day < 12; day++) {
      await seedConversation(h.db, { ...base, startedAt: daysAgo(day), origin: 'https://shop.example', rating: 5 });
      await seedConversation(h.db, {
        ...base,
        startedAt: daysAgo(day, 15),
        handoffAt: 1,
        topic: day % 2 ? 'Shipping' : 'Returns',
        language: 'en',
        messages: [
          { role: 'visitor', at: 0 },
          { role: 'bot', at: 0.1, outcome: 'abstained', hadPassages: day % 3 === 0, provider: 'offline' },
          { role: 'operator', at: 4 },
        ],
      });
      await seedConversation(h.db, { ...base, startedAt: daysAgo(day, 16), isTest: true });
    }
    const kept = await expectRollupsEqualRecount();
    expect(kept.reduce((sum, row) => sum + Number(row.conversations), 0)).toBe(24);

    expect(await settleConversations(h.db, { now })).toBe(36);
    const decided = await h.db.select().from(conversations).where(eq(conversations.isTest, false));
    expect(new Set(decided.map((c) => c.outcome))).toEqual(new Set(['ai', 'human']));
    expect(decided.filter((c) => c.handoffReason === 'low_confidence')).toHaveLength(4);
    expect(decided.filter((c) => c.handoffReason === 'no_answer')).toHaveLength(8);
    expect(decided.find((c) => c.outcome === 'human')!.humanFirstResponseMs).toBeCloseTo(3 * 60_000, -2);

    const [answer] = await h.db.select().from(messages).where(eq(messages.role, 'bot')).limit(1);
    await h.db.update(messages).set({ feedback: 'down' }).where(eq(messages.id, answer!.id));
    await h.db
      .update(conversations)
      .set({ sentiment: 'negative', topic: 'Billing' })
      .where(eq(conversations.id, answer!.conversationId));
    const rows = await expectRollupsEqualRecount();
    expect(rows.reduce((sum, row) => sum + Number(row.thumbs_down), 0)).toBe(1);
  });

  it('a new message reopens the outcome, and settling again keeps them equal', async () => {
    const [open] = await h.db.select().from(conversations).where(eq(conversations.outcome, 'ai')).limit(1);
    await h.db
      .insert(messages)
      .values({ workspaceId: bot.workspaceId, conversationId: open!.id, role: 'visitor', content: 'Still there?' });
    const [reopened] = await h.db.select().from(conversations).where(eq(conversations.id, open!.id));
    expect(reopened!.outcomeAt).toBeNull();
    expect(reopened!.visitorMessages).toBe(2);
    await settleConversations(h.db, { now: new Date(Date.now() + DAY) });
    const [settled] = await h.db.select().from(conversations).where(eq(conversations.id, open!.id));
    expect(settled!.outcome).toBe('ai');
    await expectRollupsEqualRecount();
  });

  it('stay equal to a recount after deletions: messages, conversations, a visitor, a retention purge, a chatbot', async () => {
    const [some] = await h.db.select().from(messages).where(eq(messages.role, 'operator')).limit(1);
    await h.db.delete(messages).where(eq(messages.id, some!.id));
    await expectRollupsEqualRecount();

    const [one] = await h.db.select().from(conversations).where(eq(conversations.isTest, false)).limit(1);
    await h.db.delete(conversations).where(eq(conversations.id, one!.id));
    await expectRollupsEqualRecount();

    const [another] = await h.db.select().from(conversations).where(eq(conversations.isTest, false)).limit(1);
    await h.db.delete(visitors).where(eq(visitors.id, another!.visitorId));
    await expectRollupsEqualRecount();

    // Retention: everything older than a week goes, messages first and then their conversations.
    const cutoff = new Date(now.getTime() - 7 * DAY);
    await h.db.delete(messages).where(lt(messages.createdAt, new Date(now.getTime() - 9 * DAY)));
    await expectRollupsEqualRecount();
    await h.db.delete(conversations).where(lt(conversations.createdAt, cutoff));
    await expectRollupsEqualRecount();

    // A test conversation turned real counts from then on; and back.
    const [test] = await h.db.select().from(conversations).where(eq(conversations.isTest, true)).limit(1);
    await h.db.update(conversations).set({ isTest: false }).where(eq(conversations.id, test!.id));
    await expectRollupsEqualRecount();
    await h.db.update(conversations).set({ isTest: true }).where(eq(conversations.id, test!.id));
    await expectRollupsEqualRecount();

    const other = await createTestChatbot(h.db, { workspaceId: team.workspace.id });
    await seedConversation(h.db, {
      workspaceId: bot.workspaceId,
      chatbotId: other.id,
      startedAt: daysAgo(1),
      topic: 'Sizes',
    });
    await h.db.delete(chatbots).where(and(eq(chatbots.id, other.id)));
    const rows = await expectRollupsEqualRecount();
    expect(rows.every((row) => row.chatbot_id === bot.id)).toBe(true);
  });
});
