import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestChatbot } from '../../../tests/factories/chatbots';
import { seedConversation } from '../../../tests/factories/conversations';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { percentiles } from './dashboard';
import { responseBucket } from './recount';
import { settleConversations } from './settle';

let h: TTestApp;
let team: Awaited<ReturnType<typeof createTestTeam>>;
let shoes: { id: string; workspaceId: string };
let hats: { id: string; workspaceId: string };

beforeAll(async () => {
  h = await createTestApp();
  team = await createTestTeam(h.db, { name: 'Acme' });
  shoes = await createTestChatbot(h.db, { workspaceId: team.workspace.id, name: 'Shoes' });
  hats = await createTestChatbot(h.db, { workspaceId: team.workspace.id, name: 'Hats' });
  const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 2, day, hour, 30));
  for (let day = 1; day <= 10; day++) {
    await seedConversation(h.db, {
      ...ref(shoes),
      startedAt: at(day),
      origin: 'https://shoes.example',
      rating: 4,
      topic: 'Sizes',
    });
    await seedConversation(h.db, {
      ...ref(hats),
      startedAt: at(day, 14),
      handoffAt: 0.5,
      messages: [
        { role: 'visitor', at: 0 },
        { role: 'bot', at: 0.02, outcome: 'abstained' },
        { role: 'operator', at: 2 },
      ],
    });
  }
  await seedConversation(h.db, { ...ref(shoes), startedAt: at(2), isTest: true });
  await seedConversation(h.db, { ...ref(shoes), startedAt: at(20) }); // the previous period's, for March 11–20
  await settleConversations(h.db, { now: new Date(Date.UTC(2026, 3, 1)) });
});
afterAll(() => h.close());

const ref = (bot: { id: string; workspaceId: string }) => ({ workspaceId: bot.workspaceId, chatbotId: bot.id });

describe('analytics.dashboard', () => {
  it('draws every chart from the rollups, leaving test conversations out', async () => {
    const caller = await h.as(team.owner);
    const data = await caller.analytics.dashboard({
      workspaceId: team.workspace.id,
      from: '2026-03-01',
      to: '2026-03-10',
    });
    expect(data.headline.current).toMatchObject({
      conversations: 20,
      outcomeAi: 10,
      outcomeHuman: 10,
      handoffNoAnswer: 10,
      rated: 10,
      ratingSum: 40,
      rating4: 10,
    });
    expect(data.series).toHaveLength(10);
    expect(data.series[0]).toMatchObject({ period: '2026-03-01', conversations: 2, messages: 5 });
    const atHour = (hour: number) =>
      data.busiestHours.filter((row) => row.hour === hour).reduce((sum, row) => sum + row.conversations, 0);
    expect([atHour(9), atHour(14), atHour(10)]).toEqual([10, 10, 0]);
    expect(data.busiestHours.find((row) => row.weekday === 7 && row.hour === 9)?.conversations).toBe(2); // 1 and 8 March
    expect(data.topics).toEqual([{ label: 'Sizes', count: 10 }]);
    expect(data.responseTimes.overall.human.count).toBe(10);
    // Person's first reply 1.5 minutes after the hand-off, within a bucket's width.
    expect(data.responseTimes.overall.human.median! / 90_000).toBeGreaterThan(0.84);
    expect(data.responseTimes.overall.human.median! / 90_000).toBeLessThan(1.19);
  });

  it('cuts by chatbot and website, groups by week and compares with the period before', async () => {
    const caller = await h.as(team.owner);
    const base = { workspaceId: team.workspace.id, from: '2026-03-11', to: '2026-03-20' };
    const byBot = await caller.analytics.dashboard({
      ...base,
      from: '2026-03-01',
      to: '2026-03-10',
      chatbotId: hats.id,
    });
    expect(byBot.headline.current.conversations).toBe(10);
    const bySite = await caller.analytics.headline({
      ...base,
      from: '2026-03-01',
      to: '2026-03-10',
      origin: 'https://shoes.example',
    });
    expect(bySite.current.conversations).toBe(10);
    const later = await caller.analytics.dashboard({ ...base, granularity: 'week' });
    expect(later.headline.current.conversations).toBe(1);
    expect(later.headline.previous.conversations).toBe(20);
    expect(later.headline.previousRange).toEqual({ from: '2026-03-01', to: '2026-03-10' });
    expect(later.series.map((row) => row.period)).toEqual(['2026-03-16']);
    const options = await caller.analytics.options({ workspaceId: team.workspace.id });
    expect(options.origins).toEqual(['https://shoes.example']);
  });

  it('refuses a range that ends before it starts', async () => {
    const caller = await h.as(team.owner);
    await expect(
      caller.analytics.dashboard({ workspaceId: team.workspace.id, from: '2026-03-10', to: '2026-03-01' }),
    ).toFailWith({
      code: 'BAD_REQUEST',
    });
  });
});

describe('percentiles', () => {
  it('reads the median and p90 from the histogram', () => {
    const times = [100, 110, 120, 130, 140, 150, 160, 170, 180, 5000];
    const buckets = new Map<number, number>();
    for (const ms of times) buckets.set(responseBucket(ms), (buckets.get(responseBucket(ms)) ?? 0) + 1);
    const result = percentiles([...buckets].map(([bucket, count]) => ({ bucket, count })));
    expect(result.count).toBe(10);
    expect(result.median! / 140).toBeGreaterThan(0.84);
    expect(result.median! / 140).toBeLessThan(1.19);
    expect(result.p90!).toBeLessThan(400);
    expect(percentiles([])).toEqual({ median: null, p90: null, count: 0 });
  });
});

describe('analytics.exportPage', () => {
  it('pages through every conversation of the range once, then their messages', async () => {
    const caller = await h.as(team.owner);
    const base = { workspaceId: team.workspace.id, from: '2026-03-01', to: '2026-03-31' };
    const first = await caller.analytics.exportPage({ ...base, kind: 'conversations' });
    expect(first.next).toBeNull(); // 21 rows, one page
    expect(first.rows).toHaveLength(21);
    expect(first.columns).toContain('outcome');
    const outcomes = first.rows.map((row) => row[first.columns.indexOf('outcome')]);
    expect(outcomes.filter((o) => o === 'human')).toHaveLength(10);
    const messages = await caller.analytics.exportPage({ ...base, kind: 'messages', chatbotId: hats.id });
    expect(messages.rows).toHaveLength(30);
    expect(messages.rows.filter((row) => row[3] === 'operator')).toHaveLength(10);
  });
});

describe('analytics.exportPage across pages', () => {
  it('returns each of 1,100 conversations once, in order, when many start at the same instant', async () => {
    const other = await createTestTeam(h.db, { name: 'Busy' });
    const bot = await createTestChatbot(h.db, { workspaceId: other.workspace.id, name: 'Busy bot' });
    // Eleven instants with a hundred conversations each: every page boundary falls inside a tie.
    await h.database.rows(sql`
      insert into visitors (id, workspace_id, chatbot_id)
      select md5('pv' || i)::uuid, ${other.workspace.id}::uuid, ${bot.id}::uuid from generate_series(1, 1100) i`);
    await h.database.rows(sql`
      insert into conversations (id, workspace_id, chatbot_id, visitor_id, channel, status, created_at, last_message_at)
      select gen_random_uuid(), ${other.workspace.id}::uuid, ${bot.id}::uuid, md5('pv' || i)::uuid, 'widget', 'open',
        timestamptz '2026-05-01 10:00Z' + (i % 11) * interval '1 minute', timestamptz '2026-05-01 12:00Z'
      from generate_series(1, 1100) i`);
    const caller = await h.as(other.owner);
    const base = { workspaceId: other.workspace.id, from: '2026-05-01', to: '2026-05-01' };
    const seen: string[] = [];
    let after = null as { createdAt: string; id: string } | null;
    let pages = 0;
    do {
      const page = await caller.analytics.exportPage({ ...base, kind: 'conversations', after });
      seen.push(...page.rows.map((row) => String(row[0])));
      after = page.next;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(1100);
    const started = await h.database.rows<{ id: string }>(sql`
      select id from conversations where workspace_id = ${other.workspace.id} order by created_at, id`);
    expect(seen).toEqual(started.map((row) => row.id));
  });
});
