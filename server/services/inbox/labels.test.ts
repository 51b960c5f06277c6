import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestChatbot } from '../../../tests/factories/chatbots';
import { seedConversation } from '../../../tests/factories/conversations';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';

let app: TTestApp;
let team: Awaited<ReturnType<typeof createTestTeam>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp();
  team = await createTestTeam(app.db);
  const bot = await createTestChatbot(app.db, { workspaceId: team.workspace.id });
  const seed = (topic: string, sentiment: 'positive' | 'negative', language: string) =>
    seedConversation(app.db, {
      workspaceId: team.workspace.id,
      chatbotId: bot.id,
      startedAt: new Date(Date.now() - 3_600_000),
      topic,
      sentiment,
      language,
    });
  ids.returns = (await seed('Returns', 'negative', 'de')).id;
  ids.shipping = (await seed('Shipping', 'positive', 'en')).id;
  // Another workspace's conversation with the same labels is never listed.
  const other = await createTestTeam(app.db);
  const otherBot = await createTestChatbot(app.db, { workspaceId: other.workspace.id });
  await seedConversation(app.db, {
    workspaceId: other.workspace.id,
    chatbotId: otherBot.id,
    startedAt: new Date(),
    topic: 'Returns',
    sentiment: 'negative',
    language: 'de',
  });
});
afterAll(() => app.close());

const list = async (filters: Record<string, string>) =>
  (await (await app.as(team.agent)).inbox.list({ workspaceId: team.workspace.id, status: 'all', ...filters })).items;

describe('inbox insight labels', () => {
  it('shows each conversation’s labels and filters by topic, sentiment and language', async () => {
    const all = await list({});
    expect(all.find((item) => item.id === ids.returns)!.labels).toEqual({
      topic: 'Returns',
      sentiment: 'negative',
      language: 'de',
    });
    expect((await list({ topic: 'Returns' })).map((item) => item.id)).toEqual([ids.returns]);
    expect((await list({ sentiment: 'positive' })).map((item) => item.id)).toEqual([ids.shipping]);
    expect((await list({ language: 'de', sentiment: 'negative' })).map((item) => item.id)).toEqual([ids.returns]);
    expect(await list({ language: 'fr' })).toEqual([]);
  });

  it('refuses labels that are not labels, with a clear message', async () => {
    await expect(list({ sentiment: 'angry' })).rejects.toThrow('Choose positive, neutral or negative.');
    await expect(list({ language: 'German' })).rejects.toThrow('Choose a language by its code, e.g. en.');
  });
});
