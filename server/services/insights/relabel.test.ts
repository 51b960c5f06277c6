import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations } from '../../../db/schema';
import { createTestChatbot } from '../../../tests/factories/chatbots';
import { seedConversation } from '../../../tests/factories/conversations';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { testLog } from '../../../tests/helpers/log';
import { settleConversations } from '../analytics/settle';
import { runRelabel } from './relabel';

let app: TTestApp;
let team: Awaited<ReturnType<typeof createTestTeam>>;
const DAY = 86_400_000;

beforeAll(async () => {
  app = await createTestApp();
  team = await createTestTeam(app.db);
  const bot = await createTestChatbot(app.db, { workspaceId: team.workspace.id });
  for (const daysAgo of [10, 9, 8, 2])
    await seedConversation(app.db, {
      workspaceId: team.workspace.id,
      chatbotId: bot.id,
      startedAt: new Date(Date.now() - daysAgo * DAY),
      messages: [{ role: 'visitor', content: 'How do I return my shoes? They are too small.', at: 0 }],
    });
  await settleConversations(app.db);
});
afterAll(() => app.close());

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);

describe('re-labelling a past range', () => {
  it('runs as a job over the range only, with progress, one run at a time', async () => {
    const admin = await app.as(team.admin);
    const run = await admin.analytics.relabel({ workspaceId: team.workspace.id, from: day(11), to: day(7) });
    expect(run).toMatchObject({ total: 3, done: 0, status: 'running' });
    expect(app.sent.filter((job) => job.name === 'insights.relabel')).toEqual([
      expect.objectContaining({ data: { runId: run.id } }),
    ]);
    await expect(admin.analytics.relabel({ workspaceId: team.workspace.id, from: day(3), to: day(1) })).rejects.toThrow(
      'already being redone',
    );

    await runRelabel({ db: app.db, log: testLog }, run.id);
    const status = await (await app.as(team.agent)).analytics.relabelStatus({ workspaceId: team.workspace.id });
    expect(status).toMatchObject({ id: run.id, total: 3, done: 3, status: 'finished' });
    const labelled = await app.db
      .select({ topic: conversations.topic, createdAt: conversations.createdAt })
      .from(conversations)
      .where(eq(conversations.workspaceId, team.workspace.id));
    const inRange = labelled.filter((row) => row.createdAt.getTime() < Date.now() - 5 * DAY);
    expect(inRange.map((row) => row.topic)).toEqual(['Return shoes', 'Return shoes', 'Return shoes']);
    expect(labelled.filter((row) => row.createdAt.getTime() > Date.now() - 5 * DAY)[0]!.topic).toBeNull();
  });

  it('is for admins, and checks the period', async () => {
    await expect(
      (await app.as(team.agent)).analytics.relabel({ workspaceId: team.workspace.id, from: day(3), to: day(1) }),
    ).rejects.toThrow();
    await expect(
      (await app.as(team.admin)).analytics.relabel({ workspaceId: team.workspace.id, from: day(1), to: day(3) }),
    ).rejects.toThrow('The start of the period must come before its end.');
    await expect(
      (await app.as(team.admin)).analytics.relabel({ workspaceId: team.workspace.id, from: 'yesterday', to: day(3) }),
    ).rejects.toThrow('Choose the start of the period as a date (YYYY-MM-DD).');
  });
});
