import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, users } from '../../../db/schema';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { collect, createLiveChatbot } from '../../../tests/helpers/widget';
import { presentStoredMessage } from '../conversations/message-view';
import { presenceFor } from './presence';

let h: TTestApp;
let team: Awaited<ReturnType<typeof createTestTeam>>;
let bot: Awaited<ReturnType<typeof createLiveChatbot>>;

beforeAll(async () => {
  h = await createTestApp();
  team = await createTestTeam(h.db, { name: 'Acme' });
  await h.db.update(users).set({ name: 'Agnes Agent' }).where(eq(users.id, team.agent.id));
  team.agent.name = 'Agnes Agent';
  bot = await createLiveChatbot(h.db, { workspaceId: team.workspace.id, name: 'Shoe Help' });
});
afterAll(async () => {
  presenceFor(h.bus).close();
  await h.close();
});

type TCreated = { type: string; payload: { message: Record<string, unknown> } };

describe('inbox.onEvent message.created', () => {
  it('carries the inbox view with its author named, one copy for every member', async () => {
    const controller = new AbortController();
    const feedOf = async (user: typeof team.agent) =>
      collect<TCreated>(
        await (await h.as(user, { signal: controller.signal })).inbox.onEvent({ workspaceId: team.workspace.id }),
      );
    const [agentFeed, adminFeed] = [await feedOf(team.agent), await feedOf(team.admin)];
    await new Promise((resolve) => setTimeout(resolve, 50));

    const visitor = await h.newVisitor(bot.publicKey);
    const sent = await visitor.widget.send({ content: 'Where is my order?', clientId: 'feed-visitor-1' });
    const ref = { workspaceId: team.workspace.id, conversationId: sent.conversationId };
    const agent = (await h.as(team.agent)).inbox;
    await agent.takeOver(ref);
    await agent.reply({ ...ref, content: 'On its way.', clientId: 'feed-reply-1' });
    // A bot answer as the answering code publishes it: the stored view, named as it goes out.
    await h.db.transaction(async (tx) => {
      const [answer] = await tx
        .insert(messages)
        .values({ workspaceId: bot.workspaceId, conversationId: sent.conversationId, role: 'bot', content: 'Hi' })
        .returning();
      await h.bus.publish(
        'message.created',
        {
          ...ref,
          chatbotId: bot.id,
          message: presentStoredMessage(answer!, { chatbotName: bot.name, operatorName: null }),
        },
        { tx: tx as never },
      );
    });

    const created = (feed: typeof agentFeed) =>
      feed.items.flatMap((i) => (i.data.type === 'message.created' ? [i.data] : []));
    await expect.poll(() => created(agentFeed).length).toBe(4);
    await expect.poll(() => created(adminFeed).length).toBe(4);
    controller.abort();
    expect(created(agentFeed).map((e) => [e.payload.message.role, e.payload.message.authorName])).toEqual([
      ['visitor', null],
      ['system', null],
      ['operator', 'Agnes Agent'],
      ['bot', 'Shoe Help'],
    ]);
    const thread = await agent.get(ref);
    expect(created(agentFeed).map((e) => e.payload.message)).toEqual(thread.messages);
    // The inbox's view, not the stored one: no retrieval, provider or token figures.
    expect(Object.keys(created(agentFeed)[3]!.payload.message)).not.toContain('retrieval');
    // Made once per bus event: every member's subscription sends the same object.
    created(agentFeed).forEach((event, index) => expect(created(adminFeed)[index]).toBe(event));
  });
});

type TFeedItem = { type: string; payload: { message?: { content: string }; isResumed?: boolean } };

describe('inbox.onEvent after a reconnect', () => {
  const open = async (lastEventId?: string) => {
    const controller = new AbortController();
    const caller = await h.as(team.agent, { signal: controller.signal });
    const feed = collect<TFeedItem>(await caller.inbox.onEvent({ workspaceId: team.workspace.id, lastEventId }));
    await expect.poll(() => feed.items.some((i) => i.data.type === 'ready')).toBe(true);
    return { feed, stop: () => controller.abort() };
  };
  const contents = (items: { data: TFeedItem }[]) =>
    items.flatMap((i) => (i.data.type === 'message.created' ? [i.data.payload.message!.content] : []));

  it('replays what happened in the gap, once and in order, then goes live', async () => {
    const visitor = await h.newVisitor(bot.publicKey);
    const first = await open();
    expect(first.feed.items[0]!.data).toMatchObject({ type: 'ready', payload: { isResumed: false } });
    await visitor.widget.send({ content: 'before the gap', clientId: 'resume-1' });
    await expect.poll(() => contents(first.feed.items)).toEqual(['before the gap']);
    first.stop();
    const lastEventId = first.feed.items.at(-1)!.id;

    await visitor.widget.send({ content: 'in the gap 1', clientId: 'resume-2' });
    await visitor.widget.send({ content: 'in the gap 2', clientId: 'resume-3' });
    // The gap's events reach the process (the bus) before the client is back.
    const witness = await open();
    await expect.poll(() => contents(witness.feed.items)).toEqual([]);
    witness.stop();

    const second = await open(lastEventId);
    const readyAt = second.feed.items.findIndex((i) => i.data.type === 'ready');
    expect(second.feed.items[readyAt]!.data.payload.isResumed).toBe(true);
    expect(contents(second.feed.items.slice(0, readyAt))).toEqual(['in the gap 1', 'in the gap 2']);
    await visitor.widget.send({ content: 'after the gap', clientId: 'resume-4' });
    await expect.poll(() => contents(second.feed.items)).toEqual(['in the gap 1', 'in the gap 2', 'after the gap']);
    second.stop();
  });

  it('tells a client it cannot resume to read its views again', async () => {
    const stranger = await open('j1.6f1b0c1e-0000-4000-8000-000000000000.x');
    expect(stranger.feed.items.map((i) => i.data)).toMatchObject([{ type: 'ready', payload: { isResumed: false } }]);
    stranger.stop();
  });
});
