import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatbots, knowledgeSources } from '../../../db/schema';
import { createTestChatbot, createTestConversation, createTestSource } from '../../../tests/factories/chatbots';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';

let h: TTestApp;
beforeAll(async () => {
  h = await createTestApp();
});
afterAll(() => h.close());

describe('workspace.onboarding', () => {
  it('ticks each step from the data, for the chatbot furthest along', async () => {
    const team = await createTestTeam(h.db);
    const owner = await h.as(team.owner);
    const workspaceId = team.workspace.id;
    const nothing = await owner.workspace.onboarding({ workspaceId });
    expect(nothing).toMatchObject({ chatbot: null, isComplete: false });
    expect(Object.values(nothing.done).every((done) => !done)).toBe(true);

    const bot = await createTestChatbot(h.db, { workspaceId, name: 'Help' });
    // A newer chatbot with nothing done does not hide the progress of the older one.
    await createTestChatbot(h.db, { workspaceId, name: 'Empty' });
    const source = await createTestSource(h.db, { chatbot: bot });
    expect((await owner.workspace.onboarding({ workspaceId })).done.knowledge).toBe(false);
    await h.db.update(knowledgeSources).set({ status: 'ready' }).where(eq(knowledgeSources.id, source.id));
    await createTestConversation(h.db, bot);
    await h.db
      .update(chatbots)
      .set({ allowedOrigins: ['https://shop.example'] })
      .where(eq(chatbots.id, bot.id));
    const halfway = await owner.workspace.onboarding({ workspaceId });
    expect(halfway.chatbot).toMatchObject({ id: bot.id, name: 'Help', status: 'draft' });
    expect(halfway.done).toEqual({ knowledge: true, tried: true, website: true, live: false, seen: false });

    await h.db
      .update(chatbots)
      .set({ status: 'live', widgetSeenAt: new Date(), widgetSeenOrigin: 'https://shop.example' })
      .where(eq(chatbots.id, bot.id));
    const complete = await owner.workspace.onboarding({ workspaceId });
    expect(complete).toMatchObject({
      isComplete: true,
      chatbot: { widgetSeenOrigin: 'https://shop.example' },
      done: { live: true, seen: true },
    });
  });

  it('reads only the caller’s workspace', async () => {
    const mine = await createTestTeam(h.db);
    const theirs = await createTestTeam(h.db);
    await h.db
      .update(chatbots)
      .set({ status: 'live' })
      .where(eq(chatbots.id, (await createTestChatbot(h.db, { workspaceId: theirs.workspace.id })).id));
    const me = await h.as(mine.owner);
    const result = await me.workspace.onboarding({ workspaceId: mine.workspace.id });
    expect(result.chatbot).toBeNull();
    await expect(me.workspace.onboarding({ workspaceId: theirs.workspace.id })).toFailWith({
      code: 'NOT_FOUND',
    });
  });
});
