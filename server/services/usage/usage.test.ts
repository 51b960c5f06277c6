import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageDaily, usageNotices, usageTokensDaily, workspaces } from '../../../db/schema';
import { createTestChatbot } from '../../../tests/factories/chatbots';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { limitState } from './limits';
import { sendUsageNotices } from './notices';
import { daysOfMonth } from './report';

let app: TTestApp;
let team: Awaited<ReturnType<typeof createTestTeam>>;
let bot: Awaited<ReturnType<typeof createTestChatbot>>;

beforeAll(async () => {
  app = await createTestApp();
  team = await createTestTeam(app.db, { name: 'Shoe Shop' });
  bot = await createTestChatbot(app.db, { workspaceId: team.workspace.id });
});
afterAll(() => app.close());

const today = () => new Date().toISOString().slice(0, 10);
const setLimits = (limits: Partial<typeof workspaces.$inferInsert>) =>
  app.db.update(workspaces).set(limits).where(eq(workspaces.id, team.workspace.id));
const useMessages = (messages: number) =>
  app.db
    .insert(usageDaily)
    .values({ workspaceId: team.workspace.id, chatbotId: bot.id, day: today(), messages })
    .onConflictDoUpdate({ target: [usageDaily.workspaceId, usageDaily.chatbotId, usageDaily.day], set: { messages } });
const alerts = async () => (await (await app.as(team.agent)).usage.alerts({ workspaceId: team.workspace.id })).alerts;
const notify = () => sendUsageNotices({ db: app.db, jobs: app.jobs, env: app.env });

describe('limit states', () => {
  it('warns from 80 % and counts the limit itself as reached', () => {
    expect(limitState(79, 100)).toBe('ok');
    expect(limitState(80, 100)).toBe('near');
    expect(limitState(99, 100)).toBe('near');
    expect(limitState(100, 100)).toBe('reached');
    expect(limitState(0, 0)).toBe('reached');
  });

  it('lists the month day by day up to today', () => {
    expect(daysOfMonth(new Date('2026-02-03T23:00:00Z'))).toEqual(['2026-02-01', '2026-02-02', '2026-02-03']);
  });
});

describe('the Usage page', () => {
  it('shows every figure against its limit, tokens by provider and the month day by day', async () => {
    await useMessages(12);
    await app.db
      .insert(usageTokensDaily)
      .values({ workspaceId: team.workspace.id, day: today(), provider: 'gemini', tokensIn: 900, tokensOut: 100 });
    await (
      await app.as(team.admin)
    ).knowledge.source.createText({
      workspaceId: team.workspace.id,
      chatbotId: bot.id,
      title: 'Returns',
      content: 'Returns are free within 30 days.',
    });
    const report = await (await app.as(team.agent)).usage.report({ workspaceId: team.workspace.id });
    const used = Object.fromEntries(report.limits.map((row) => [row.metric, row.used]));
    expect(used).toEqual({ messages: 12, tokens: 1000, documents: 1, storage: 32, webhooks: 0 });
    expect(report.tokensByProvider).toEqual([{ provider: 'gemini', tokensIn: 900, tokensOut: 100 }]);
    expect(report.trend.at(-1)).toMatchObject({ day: today(), messages: 12, tokensIn: 900, tokensOut: 100 });
    expect(report.trend).toHaveLength(new Date().getUTCDate());
  });

  it('is the workspace’s own: another team sees none of it', async () => {
    const other = await createTestTeam(app.db);
    const report = await (await app.as(other.owner)).usage.report({ workspaceId: other.workspace.id });
    expect(report.limits.every((row) => row.used === 0)).toBe(true);
    await expect((await app.as(other.owner)).usage.report({ workspaceId: team.workspace.id })).rejects.toThrow();
  });
});

describe('warnings and refusals', () => {
  it('warns the team at 80 % and says what happens at 100 %', async () => {
    await setLimits({ monthlyMessageLimit: 15 });
    await useMessages(12);
    expect(await alerts()).toEqual([
      {
        metric: 'messages',
        state: 'near',
        message: expect.stringContaining('12 of 15 visitor messages this month (80 %)'),
      },
    ]);
    await useMessages(15);
    const [reached] = await alerts();
    expect(reached).toMatchObject({ metric: 'messages', state: 'reached' });
    expect(reached!.message).toContain('reply with their fallback message and offer a person');
    expect(reached!.message).toMatch(/starts again on \d{4}-\d{2}-01/);
  });

  it('e-mails the owners once per threshold and month, never the other members', async () => {
    await app.db.delete(usageNotices);
    await setLimits({ monthlyMessageLimit: 15 });
    await useMessages(12);
    expect(await notify()).toBe(1);
    expect(await notify()).toBe(0);
    await useMessages(15);
    expect(await notify()).toBe(1);
    expect(await notify()).toBe(0);
    const mails = await app.mail.to(team.owner.email);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      'Shoe Shop reached its visitor messages limit',
      'Shoe Shop used 80 % of its visitor messages limit',
    ]);
    expect(mails[0]!.text).toContain('https://parley.test/app/usage');
    expect(await app.mail.to(team.agent.email)).toEqual([]);
    expect(await app.mail.to(team.admin.email)).toEqual([]);
  });

  it('jumping straight past the limit sends one e-mail, not a late warning too', async () => {
    const other = await createTestTeam(app.db, { name: 'Hat Shop' });
    await app.db.update(workspaces).set({ documentLimit: 0 }).where(eq(workspaces.id, other.workspace.id));
    await notify();
    expect((await app.mail.to(other.owner.email)).map((m) => m.subject)).toEqual([
      'Hat Shop reached its knowledge documents limit',
    ]);
  });

  it('refuses new knowledge past the document or storage limit, in plain words', async () => {
    const add = async () =>
      (await app.as(team.admin)).knowledge.source.createText({
        workspaceId: team.workspace.id,
        chatbotId: bot.id,
        title: 'Shipping',
        content: 'Shipping takes three days.',
      });
    await setLimits({ documentLimit: 1 });
    await expect(add()).rejects.toThrow('reached its limit of 1 knowledge documents');
    await setLimits({ documentLimit: 500, storageByteLimit: 40 });
    await expect(add()).rejects.toThrow('past its 40 bytes of knowledge storage');
    await setLimits({ storageByteLimit: 1_073_741_824 });
    await expect(add()).resolves.toMatchObject({ title: 'Shipping' });
  });
});
