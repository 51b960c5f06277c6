import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, messages as m, usageDaily } from '../../../db/schema';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, HOST_ORIGIN, type TTestApp } from '../../../tests/helpers/app';
import { createLiveChatbot } from '../../../tests/helpers/widget';

// Issue 16, item 11: the team's own tries (the demo page and previews on Parley's own origin, the
// playground) are test conversations: out of the inbox (but behind its "Tests" filter), the figures,
// the monthly quota and the knowledge gaps.

let h: TTestApp;
let team: Awaited<ReturnType<typeof createTestTeam>>;
let bot: Awaited<ReturnType<typeof createLiveChatbot>>;
const gaps: unknown[] = [];

beforeAll(async () => {
  h = await createTestApp();
  team = await createTestTeam(h.db, { name: 'Acme' });
  bot = await createLiveChatbot(h.db, { workspaceId: team.workspace.id, name: 'Shoe Help' });
  h.answers.recordGap = async (report) => void gaps.push(report);
});
afterAll(() => h.close());

async function chatFrom(origin: string, content: string) {
  const started = await (await h.asVisitor(null)).start({ publicKey: bot.publicKey, hostOrigin: origin });
  const widget = await h.asVisitor(started.visitorToken);
  const sent = await widget.send({ content, clientId: `c-${content.replace(/\W/g, '-')}` });
  return sent;
}

const usage = async () =>
  (await h.db.select().from(usageDaily).where(eq(usageDaily.chatbotId, bot.id))).reduce(
    (n, row) => n + row.messages,
    0,
  );

describe('test conversations', () => {
  it('a chat on Parley’s own page (demo, preview) is a test: not in the inbox, the quota or the figures', async () => {
    await chatFrom(HOST_ORIGIN, 'Real question');
    expect(await usage()).toBe(1);
    await chatFrom('https://parley.test', 'Owner trying the demo page');
    expect(await usage()).toBe(1);

    const rows = await h.db.select().from(conversations).where(eq(conversations.chatbotId, bot.id));
    expect(rows.map((c) => [c.origin, c.isTest]).sort()).toEqual([
      ['https://parley.test', true],
      [HOST_ORIGIN, false],
    ]);

    const caller = await h.as(team.owner);
    const inbox = await caller.inbox.list({ workspaceId: team.workspace.id, status: 'all' });
    expect(inbox.items).toHaveLength(1);
    const tests = await caller.inbox.list({ workspaceId: team.workspace.id, status: 'all', tests: true });
    expect(tests.items).toHaveLength(1);
    expect(tests.items[0]!.id).toBe(rows.find((c) => c.isTest)!.id);

    const today = new Date().toISOString().slice(0, 10);
    const figures = await caller.analytics.headline({ workspaceId: team.workspace.id, from: today, to: today });
    expect(figures.current.conversations).toBe(1);
    expect(figures.current.visitorMessages).toBe(1);
  });

  it('the playground is a test: a thumbs-down there records no knowledge gap', async () => {
    const caller = await h.as(team.owner);
    const { conversation } = await caller.playground.start({ workspaceId: team.workspace.id, chatbotId: bot.id });
    const [row] = await h.db.select().from(conversations).where(eq(conversations.id, conversation.id));
    expect(row!.isTest).toBe(true);
    const [question] = await h.db
      .insert(m)
      .values({ workspaceId: team.workspace.id, conversationId: conversation.id, role: 'visitor', content: 'Refunds?' })
      .returning();
    const [answer] = await h.db
      .insert(m)
      .values({
        workspaceId: team.workspace.id,
        conversationId: conversation.id,
        role: 'bot',
        content: 'Within 30 days.',
        replyToId: question!.id,
        outcome: 'answered',
      })
      .returning();
    await caller.playground.rate({ workspaceId: team.workspace.id, messageId: answer!.id, feedback: 'down' });
    expect(gaps).toEqual([]);
  });
});
