import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { conversations, mails, messages, users } from '../../../db/schema';
import { createTestTeam, createTestUser } from '../../../tests/factories/workspaces';
import { createTestApp, recordingAnswers, recordingJobs, type TTestApp } from '../../../tests/helpers/app';
import { collect, createLiveChatbot } from '../../../tests/helpers/widget';
import { testLog } from '../../../tests/helpers/log';
import { openedMail } from '../../../tests/helpers/mail';
import { createEventBus } from '../../events/bus';
import type { TWidgetEvent } from '../widget/present';
import { joinedMessage } from './handling';
import { startInboxWatcher, sendHandoffMail } from './notifications';
import { createPresence, presenceFor, PRESENCE_TTL_MS, TYPING_TTL_MS } from './presence';

let h: TTestApp;
let team: Awaited<ReturnType<typeof createTestTeam>>;
let bot: Awaited<ReturnType<typeof createLiveChatbot>>;
const cancelled: string[] = [];

beforeAll(async () => {
  const recording = recordingAnswers();
  h = await createTestApp({
    answers: { ...recording.answers, cancel: (conversationId) => void cancelled.push(conversationId) },
  });
  team = await createTestTeam(h.db, { name: 'Acme' });
  await h.db.update(users).set({ name: 'Olivia Owner' }).where(eq(users.id, team.owner.id));
  await h.db.update(users).set({ name: 'Adam Admin' }).where(eq(users.id, team.admin.id));
  await h.db.update(users).set({ name: 'Agnes Agent' }).where(eq(users.id, team.agent.id));
  team.owner.name = 'Olivia Owner';
  team.admin.name = 'Adam Admin';
  team.agent.name = 'Agnes Agent';
  bot = await createLiveChatbot(h.db, { workspaceId: team.workspace.id, name: 'Shoe Help' });
});
afterAll(async () => {
  presenceFor(h.bus).close();
  await h.close();
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: unknown) => (error instanceof TRPCError ? error.code : Promise.reject(error)),
  );
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) =>
      error instanceof TRPCError ? { code: error.code, message: error.message } : Promise.reject(error),
  );
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let clientCounter = 0;
const clientId = () => `test-client-${++clientCounter}`;

const inboxOf = async (user: { id: string; email: string; name: string }, signal?: AbortSignal) =>
  (await h.as(user as never, { signal })).inbox;

/** A visitor with a conversation holding the given messages. */
async function visitorWith(...contents: string[]) {
  const visitor = await h.newVisitor(bot.publicKey);
  let conversationId = '';
  for (const content of contents)
    conversationId = (await visitor.widget.send({ content, clientId: clientId() })).conversationId;
  return { ...visitor, conversationId };
}

/** The visitor's live stream from now on. */
async function visitorStream(visitor: Awaited<ReturnType<typeof visitorWith>>) {
  const controller = new AbortController();
  const widget = await h.asVisitor(visitor.visitorToken, { signal: controller.signal });
  const stream = collect<TWidgetEvent>(await widget.onEvent({}));
  await expect.poll(() => stream.items.some((i) => i.data.type === 'ready')).toBe(true);
  return { ...stream, stop: () => controller.abort() };
}

describe('inbox.takeOver', () => {
  it('lets exactly one of two racing operators win; the other learns who has it', async () => {
    const { conversationId } = await visitorWith('Where is my order?');
    const ws = team.workspace.id;
    const [admin, agent] = [await inboxOf(team.admin), await inboxOf(team.agent)];
    const results = await Promise.allSettled([
      admin.takeOver({ workspaceId: ws, conversationId }),
      agent.takeOver({ workspaceId: ws, conversationId }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ assignee: { name: string } | null }>).value.assignee!.name;
    expect(lost[0]!.reason).toBeInstanceOf(TRPCError);
    expect(lost[0]!.reason).toMatchObject({
      code: 'CONFLICT',
      message: `${winner} is already handling this conversation.`,
    });
    const [row] = await h.db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(row).toMatchObject({ handler: 'human', status: 'open' });
    const system = await h.db.select().from(messages).where(eq(messages.conversationId, conversationId));
    expect(system.filter((m) => m.role === 'system').map((m) => m.content)).toEqual([joinedMessage(winner)]);
    // The bot's answer in flight was stopped.
    expect(cancelled).toContain(conversationId);
    // Taking over again what one has changes nothing; the loser still cannot.
    const winnerInbox = winner === team.admin.name ? admin : agent;
    expect((await winnerInbox.takeOver({ workspaceId: ws, conversationId })).assignee?.name).toBe(winner);
    const loserInbox = winner === team.admin.name ? agent : admin;
    expect(await codeOf(loserInbox.takeOver({ workspaceId: ws, conversationId }))).toBe('CONFLICT');
  });

  it('shows the visitor that a person joined, and their replies and typing with their name', async () => {
    const visitor = await visitorWith('Can a person help?');
    const stream = await visitorStream(visitor);
    const agent = await inboxOf(team.agent);
    const ref = { workspaceId: team.workspace.id, conversationId: visitor.conversationId };
    await agent.takeOver(ref);
    await agent.typing({ ...ref, isTyping: true });
    const sent = await agent.reply({ ...ref, content: 'Hi, Agnes here.', clientId: 'reply-0001' });
    expect(sent).toMatchObject({ role: 'operator', authorName: 'Agnes Agent', content: 'Hi, Agnes here.' });
    // Idempotent by clientId.
    expect((await agent.reply({ ...ref, content: 'Hi, Agnes here.', clientId: 'reply-0001' })).id).toBe(sent.id);
    await expect
      .poll(() => stream.items.some((i) => i.data.type === 'message.created' && i.data.message.role === 'operator'))
      .toBe(true);
    stream.stop();
    const events = stream.items.map((i) => i.data);
    expect(events).toContainEqual({
      type: 'message.created',
      message: expect.objectContaining({ role: 'system', content: joinedMessage('Agnes Agent') }),
    });
    expect(events).toContainEqual({
      type: 'conversation.updated',
      conversation: expect.objectContaining({ handler: 'human', operatorName: 'Agnes Agent' }),
    });
    expect(events).toContainEqual({ type: 'typing', who: 'operator', name: 'Agnes Agent', isTyping: true });
    const replies = events.filter((e) => e.type === 'message.created' && e.message.role === 'operator');
    expect(replies).toEqual([
      {
        type: 'message.created',
        message: expect.objectContaining({ id: sent.id, authorName: 'Agnes Agent', content: 'Hi, Agnes here.' }),
      },
    ]);
  });

  it('stops an answer being written in another process', async () => {
    const otherBus = await createEventBus(h.database, testLog);
    const stopped: string[] = [];
    const watcher = startInboxWatcher({
      db: h.db,
      bus: otherBus,
      jobs: recordingJobs().jobs,
      presence: createPresence({ bus: otherBus }),
      answers: { cancel: (conversationId) => void stopped.push(conversationId) },
      log: testLog,
    });
    try {
      const { conversationId } = await visitorWith('Answer me, bot');
      await (await inboxOf(team.admin)).takeOver({ workspaceId: team.workspace.id, conversationId });
      await expect.poll(() => stopped).toContain(conversationId);
    } finally {
      await watcher.close();
      await otherBus.close();
    }
  });

  it('refuses a reply whose id another message already has', async () => {
    const visitor = await h.newVisitor(bot.publicKey);
    const { conversationId } = await visitor.widget.send({ content: 'Mine', clientId: 'shared-id-0001' });
    const ref = { workspaceId: team.workspace.id, conversationId };
    expect(await codeOf((await inboxOf(team.admin)).reply({ ...ref, content: 'Hi', clientId: 'shared-id-0001' }))).toBe(
      'BAD_REQUEST',
    );
  });

  it('takes the conversation over on a first reply while the bot has it, and refuses a second member', async () => {
    const visitor = await visitorWith('Hello?');
    const ref = { workspaceId: team.workspace.id, conversationId: visitor.conversationId };
    await (await inboxOf(team.owner)).reply({ ...ref, content: 'Olivia here.', clientId: 'reply-0002' });
    const error = await errorOf(
      (await inboxOf(team.agent)).reply({ ...ref, content: 'Me too', clientId: 'reply-0003' }),
    );
    expect(error).toEqual({ code: 'CONFLICT', message: 'Olivia Owner is already handling this conversation.' });
    const thread = await (await inboxOf(team.agent)).get(ref);
    expect(thread.messages.map((m) => [m.role, m.content, m.authorName])).toEqual([
      ['visitor', 'Hello?', null],
      ['system', joinedMessage('Olivia Owner'), null],
      ['operator', 'Olivia here.', 'Olivia Owner'],
    ]);
  });
});

describe('handing back, assigning, resolving', () => {
  it('moves a conversation through its states, visible in the filters', async () => {
    const visitor = await visitorWith('Resolve me');
    const agent = await inboxOf(team.agent);
    const ref = { workspaceId: team.workspace.id, conversationId: visitor.conversationId };
    const ids = async (filter: Record<string, unknown> = {}) =>
      (await agent.list({ workspaceId: team.workspace.id, ...filter })).items.map((i) => i.id);

    expect(await ids({ handler: 'bot' })).toContain(ref.conversationId);
    expect(await ids({ assignee: 'unassigned' })).toContain(ref.conversationId);
    await agent.takeOver(ref);
    expect(await ids({ assignee: 'me' })).toContain(ref.conversationId);
    expect(await ids({ handler: 'human' })).toContain(ref.conversationId);
    expect(await ids({ handler: 'bot' })).not.toContain(ref.conversationId);
    expect((await agent.handBack(ref)).handler).toBe('bot');

    const outsider = await createTestUser(h.db);
    expect(await codeOf(agent.assign({ ...ref, userId: outsider.id }))).toBe('BAD_REQUEST');
    expect((await agent.assign({ ...ref, userId: team.admin.id })).assignee).toEqual({
      id: team.admin.id,
      name: 'Adam Admin',
    });
    expect(await ids({ assignee: 'me' })).not.toContain(ref.conversationId);

    expect((await agent.resolve(ref)).status).toBe('resolved');
    expect(await ids()).not.toContain(ref.conversationId);
    expect(await ids({ status: 'resolved' })).toContain(ref.conversationId);
    expect((await agent.archive(ref)).status).toBe('archived');
    expect(await ids({ status: 'all' })).not.toContain(ref.conversationId);
    expect(await ids({ status: 'archived' })).toContain(ref.conversationId);
    expect(await codeOf(agent.takeOver(ref))).toBe('PRECONDITION_FAILED');
    expect((await agent.reopen(ref)).status).toBe('open');
    expect(await ids()).toContain(ref.conversationId);
  });

  it('lets an assigned operator who handed back take over again at once', async () => {
    const visitor = await visitorWith('Back and forth');
    const agent = await inboxOf(team.agent);
    const ref = { workspaceId: team.workspace.id, conversationId: visitor.conversationId };
    await agent.takeOver(ref);
    const handedBack = await agent.handBack(ref);
    expect(handedBack).toMatchObject({ handler: 'bot', assignee: { id: team.agent.id } });
    expect(await agent.takeOver(ref)).toMatchObject({ handler: 'human', assignee: { id: team.agent.id } });
  });
});

describe('inbox.list', () => {
  it('searches the message text, ranked, with <mark> highlights and nothing else marked up', async () => {
    const ws = team.workspace.id;
    const shipping = await visitorWith(
      'Do you ship shoes to Canada?',
      'Shipping to Canada matters <mark>a lot</mark>.',
    );
    const refund = await visitorWith('How do refunds work?');
    const agent = await inboxOf(team.agent);
    const found = await agent.list({ workspaceId: ws, search: 'canad' });
    expect(found.items.map((i) => i.id)).toEqual([shipping.conversationId]);
    const highlight = found.items[0]!.highlight!;
    expect(highlight).toMatch(/<mark>Canada<\/mark>/);
    expect(highlight.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(highlight.match(/<mark>/g)!.length).toBe(highlight.match(/<mark>Canada<\/mark>/g)!.length);
    // Stemmed and prefix-matched, several words all required.
    expect((await agent.list({ workspaceId: ws, search: 'refund' })).items.map((i) => i.id)).toEqual([
      refund.conversationId,
    ]);
    expect((await agent.list({ workspaceId: ws, search: 'shipping canada' })).items.map((i) => i.id)).toEqual([
      shipping.conversationId,
    ]);
    expect((await agent.list({ workspaceId: ws, search: 'canada refunds' })).items).toEqual([]);
    // Operators and punctuation are words, not syntax.
    expect((await agent.list({ workspaceId: ws, search: "!(&|'" })).items).toEqual([]);
    // Another chatbot's filter leaves it out.
    const other = await createLiveChatbot(h.db, { workspaceId: ws });
    expect((await agent.list({ workspaceId: ws, search: 'canada', chatbotId: other.id })).items).toEqual([]);
  });

  it('pages through conversations newest first', async () => {
    const ws = team.workspace.id;
    for (let i = 0; i < 3; i++) await visitorWith(`Page test ${i}`);
    const agent = await inboxOf(team.agent);
    const all = (await agent.list({ workspaceId: ws, limit: 50 })).items.map((i) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await agent.list({
        workspaceId: ws,
        limit: 2,
        cursor,
      });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(await codeOf(agent.list({ workspaceId: ws, cursor: 'garbage' }))).toBe('BAD_REQUEST');
    const future = new Date(Date.now() + 60_000);
    expect((await agent.list({ workspaceId: ws, from: future })).items).toEqual([]);
  });

  it('counts unread visitor messages per member, cleared by markRead', async () => {
    const ws = team.workspace.id;
    const visitor = await visitorWith('One', 'Two');
    const ref = { workspaceId: ws, conversationId: visitor.conversationId };
    const [agent, admin] = [await inboxOf(team.agent), await inboxOf(team.admin)];
    const unreadOf = async (inbox: typeof agent) =>
      (await inbox.list({ workspaceId: ws, limit: 50 })).items.find((i) => i.id === ref.conversationId)!.unreadCount;
    expect(await unreadOf(agent)).toBe(2);
    const before = (await agent.list({ workspaceId: ws })).counts.unreadConversations;
    await agent.markRead(ref);
    expect(await unreadOf(agent)).toBe(0);
    expect((await agent.list({ workspaceId: ws })).counts.unreadConversations).toBe(before - 1);
    await visitor.widget.send({ content: 'Three', clientId: clientId() });
    expect(await unreadOf(agent)).toBe(1);
    expect(await unreadOf(admin)).toBe(3);
    const thread = await agent.get(ref);
    expect(thread.conversation.agentReadAt).toBeInstanceOf(Date);
    expect(thread.conversation.lastMessage).toMatchObject({ role: 'visitor', content: 'Three' });
  });
});

describe('notes', () => {
  it('reach the team, never the visitor', async () => {
    const visitor = await visitorWith('Note me');
    const stream = await visitorStream(visitor);
    const controller = new AbortController();
    const feed = collect<{ type: string; payload: { note?: { content: string } } }>(
      await (await inboxOf(team.agent, controller.signal)).onEvent({ workspaceId: team.workspace.id }),
    );
    await wait(50);
    const ref = { workspaceId: team.workspace.id, conversationId: visitor.conversationId };
    const note = await (await inboxOf(team.agent)).addNote({ ...ref, content: 'VIP customer, secret-note-42' });
    expect(note).toMatchObject({
      author: { id: team.agent.id, name: 'Agnes Agent' },
      content: 'VIP customer, secret-note-42',
    });
    await visitor.widget.send({ content: 'After the note', clientId: clientId() });
    await expect.poll(() => feed.items.some((i) => i.data.type === 'note.created')).toBe(true);
    await expect
      .poll(() =>
        stream.items.some((i) => i.data.type === 'message.created' && i.data.message.content === 'After the note'),
      )
      .toBe(true);
    controller.abort();
    stream.stop();
    expect(JSON.stringify(stream.items)).not.toContain('secret-note-42');
    expect((await (await inboxOf(team.admin)).get(ref)).notes.map((n) => n.content)).toEqual([
      'VIP customer, secret-note-42',
    ]);
  });
});

describe('identify', () => {
  it('tells the team who the visitor is, live, once per change', async () => {
    const visitor = await visitorWith('Who am I talking to?');
    const controller = new AbortController();
    const feed = collect<{
      type: string;
      payload: { visitor?: { id: string; name: string | null; email: string | null } };
    }>(await (await inboxOf(team.agent, controller.signal)).onEvent({ workspaceId: team.workspace.id }));
    await wait(50);
    const updates = () =>
      feed.items.filter((i) => i.data.type === 'visitor.updated').map((i) => i.data.payload.visitor);
    await visitor.widget.identify({ name: 'Ada Lovelace', email: 'ada@example.com', traits: { plan: 'pro' } });
    await expect
      .poll(updates)
      .toEqual([{ id: visitor.visitor.id, name: 'Ada Lovelace', email: 'ada@example.com', traits: { plan: 'pro' } }]);
    // The same again changes nothing, so nobody hears of it.
    await visitor.widget.identify({ name: 'Ada Lovelace', email: 'ada@example.com', traits: { plan: 'pro' } });
    await visitor.widget.identify({ name: 'Ada King' });
    await expect.poll(() => updates().map((v) => v?.name)).toEqual(['Ada Lovelace', 'Ada King']);
    controller.abort();
    const ref = { workspaceId: team.workspace.id, conversationId: visitor.conversationId };
    expect((await (await inboxOf(team.agent)).get(ref)).visitor).toMatchObject({
      name: 'Ada King',
      email: 'ada@example.com',
    });
  });
});

describe('workspace isolation', () => {
  it('shows an agent nothing of another workspace, and refuses its ids and its feed', async () => {
    const visitor = await visitorWith('Private to Acme');
    const other = await createTestTeam(h.db, { name: 'Other Co' });
    const stranger = await inboxOf(other.agent);
    const ref = { workspaceId: other.workspace.id, conversationId: visitor.conversationId };
    expect((await stranger.list({ workspaceId: other.workspace.id, status: 'all' })).items).toEqual([]);
    expect((await stranger.list({ workspaceId: other.workspace.id, search: 'private' })).items).toEqual([]);
    for (const call of [
      () => stranger.get(ref),
      () => stranger.takeOver(ref),
      () => stranger.reply({ ...ref, content: 'Hi', clientId: 'stranger-1' }),
      () => stranger.addNote({ ...ref, content: 'Planted' }),
      () => stranger.markRead(ref),
      () => stranger.resolve(ref),
      () => stranger.typing({ ...ref, isTyping: true }),
    ])
      expect(await codeOf(call())).toBe('NOT_FOUND');
    // Naming Acme's workspace instead: not a member.
    expect(await codeOf(stranger.list({ workspaceId: team.workspace.id }))).toBe('NOT_FOUND');
    expect(await codeOf(stranger.onEvent({ workspaceId: team.workspace.id }))).toBe('NOT_FOUND');
    // Their feed hears nothing of Acme's (only its own `ready`).
    const controller = new AbortController();
    const feed = collect<{ type: string; payload: { workspaceId: string } }>(
      await (await inboxOf(other.agent, controller.signal)).onEvent({ workspaceId: other.workspace.id }),
    );
    await wait(50);
    await (await inboxOf(team.agent)).heartbeat({ workspaceId: team.workspace.id, viewing: visitor.conversationId });
    await visitor.widget.send({ content: 'Still private', clientId: clientId() });
    await wait(200);
    controller.abort();
    expect(feed.items.map((item) => item.data.type)).toEqual(['ready']);
  });
});

describe('presence', () => {
  it("keeps a member with two tabs on two conversations where they last moved, instead of flipping with each tab's beat", async () => {
    const ws = team.workspace.id;
    const first = await visitorWith('Tab one?');
    const second = await visitorWith('Tab two?');
    const controller = new AbortController();
    const feed = collect<{ type: string; payload: { userId: string; viewing: string | null } }>(
      await (await inboxOf(team.admin, controller.signal)).onEvent({ workspaceId: ws }),
    );
    await wait(50);
    const owner = await inboxOf(team.owner);
    const viewingOf = async () =>
      (await (await inboxOf(team.agent)).online({ workspaceId: ws })).members.find((m) => m.userId === team.owner.id)
        ?.viewing;
    await owner.heartbeat({ workspaceId: ws, tabId: 'tab-a', viewing: first.conversationId });
    await owner.heartbeat({ workspaceId: ws, tabId: 'tab-b', viewing: second.conversationId });
    expect(await viewingOf()).toBe(second.conversationId);
    // The periodic beats of both tabs, in turn: nothing changes.
    for (let i = 0; i < 3; i++) {
      await owner.heartbeat({ workspaceId: ws, tabId: 'tab-a', viewing: first.conversationId });
      await owner.heartbeat({ workspaceId: ws, tabId: 'tab-b', viewing: second.conversationId });
    }
    expect(await viewingOf()).toBe(second.conversationId);
    await wait(50);
    const announced = feed.items.filter((i) => i.data.type === 'presence' && i.data.payload.userId === team.owner.id);
    expect(announced.map((i) => i.data.payload.viewing)).toEqual([first.conversationId, second.conversationId]);
    // Tab b closes (its beats stop) while tab a keeps beating: the member is shown where tab a is.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + PRESENCE_TTL_MS - 5_000);
      await owner.heartbeat({ workspaceId: ws, tabId: 'tab-a', viewing: first.conversationId });
      await presenceFor(h.bus).sweep(Date.now() + 6_000);
    } finally {
      vi.useRealTimers();
    }
    expect(await viewingOf()).toBe(first.conversationId);
    controller.abort();
  });

  it('lists who is online and viewing, announces changes, and is shared between processes', async () => {
    const secondBus = await createEventBus(h.database, testLog);
    const elsewhere = createPresence({ bus: secondBus });
    try {
      const ws = team.workspace.id;
      const controller = new AbortController();
      const feed = collect<{ type: string; payload: { userId: string; state: string; viewing: string | null } }>(
        await (await inboxOf(team.admin, controller.signal)).onEvent({ workspaceId: ws }),
      );
      await wait(50);
      const visitor = await visitorWith('Who is here?');
      await (await inboxOf(team.owner)).heartbeat({ workspaceId: ws, viewing: visitor.conversationId });
      await (await inboxOf(team.owner)).heartbeat({ workspaceId: ws, viewing: visitor.conversationId });
      expect((await (await inboxOf(team.agent)).online({ workspaceId: ws })).members).toContainEqual({
        userId: team.owner.id,
        name: 'Olivia Owner',
        viewing: visitor.conversationId,
        typingIn: null,
      });
      // The other process heard the beat.
      await expect.poll(() => elsewhere.online(ws).map((m) => m.userId)).toContain(team.owner.id);
      await expect
        .poll(() => feed.items.filter((i) => i.data.type === 'presence' && i.data.payload.userId === team.owner.id))
        .toHaveLength(1);
      // Beats stop: offline after the TTL.
      await presenceFor(h.bus).sweep(Date.now() + PRESENCE_TTL_MS + 1000);
      expect(
        presenceFor(h.bus)
          .online(ws)
          .map((m) => m.userId),
      ).not.toContain(team.owner.id);
      await expect.poll(() => elsewhere.online(ws).map((m) => m.userId)).not.toContain(team.owner.id);
      await expect
        .poll(() =>
          feed.items.some(
            (i) =>
              i.data.type === 'presence' &&
              i.data.payload.userId === team.owner.id &&
              i.data.payload.state === 'offline',
          ),
        )
        .toBe(true);
      controller.abort();
    } finally {
      elsewhere.close();
      await secondBus.close();
    }
  });
});

describe('operator typing', () => {
  it('is taken back from the visitor when it lapses (a closed tab never says "stopped")', async () => {
    const visitor = await visitorWith('Anyone typing?');
    const stream = await visitorStream(visitor);
    const owner = await inboxOf(team.owner);
    const ref = { workspaceId: team.workspace.id, conversationId: visitor.conversationId };
    await owner.typing({ ...ref, isTyping: true });
    expect((await owner.online({ workspaceId: ref.workspaceId })).members).toContainEqual(
      expect.objectContaining({ userId: team.owner.id, typingIn: ref.conversationId }),
    );
    await presenceFor(h.bus).sweep(Date.now() + TYPING_TTL_MS + 1000);
    await expect
      .poll(() => stream.items.filter((i) => i.data.type === 'typing').map((i) => i.data))
      .toEqual([
        { type: 'typing', who: 'operator', name: 'Olivia Owner', isTyping: true },
        { type: 'typing', who: 'operator', name: 'Olivia Owner', isTyping: false },
      ]);
    stream.stop();
    expect((await owner.online({ workspaceId: ref.workspaceId })).members).toContainEqual(
      expect.objectContaining({ userId: team.owner.id, typingIn: null }),
    );
  });
});

describe('notifications and the hand-off e-mail', () => {
  it('notifies once per occurrence, and e-mails once when no one is online, not when someone is', async () => {
    const ws = await createTestTeam(h.db, { name: 'Quiet Co' });
    const quietBot = await createLiveChatbot(h.db, { workspaceId: ws.workspace.id, name: 'Quiet Help' });
    // One member turned hand-off e-mails off.
    await h.db
      .update(users)
      .set({
        preferences: { theme: 'system', language: 'en', notifications: { emailOnHandoff: false, browser: true } },
      })
      .where(eq(users.id, ws.admin.id));
    const { jobs, sent } = recordingJobs();
    const presence = presenceFor(h.bus);
    // Two processes hear the same events; only one notification each goes out.
    const watchers = [
      startInboxWatcher({ db: h.db, bus: h.bus, jobs, presence, log: testLog }),
      startInboxWatcher({ db: h.db, bus: h.bus, jobs, presence, log: testLog }),
    ];
    const controller = new AbortController();
    const feed = collect<{ type: string; payload: { kind: string; chatbotName: string; lastQuestion: string | null } }>(
      await (await inboxOf(ws.agent, controller.signal)).onEvent({ workspaceId: ws.workspace.id }),
    );
    await wait(50);
    try {
      const visitor = await h.newVisitor(quietBot.publicKey);
      await visitor.widget.send({ content: 'I need help with my order', clientId: clientId() });
      await visitor.widget.requestHuman();
      await expect.poll(() => sent.filter((j) => j.name === 'inbox.handoff-mail')).toHaveLength(1);
      await wait(100);
      const notifications = feed.items.filter((i) => i.data.type === 'notification').map((i) => i.data.payload);
      expect(notifications.map((n) => n.kind)).toEqual(['conversation.created', 'handoff.requested']);
      expect(notifications[1]).toMatchObject({ chatbotName: 'Quiet Help', lastQuestion: 'I need help with my order' });

      const job = sent.find((j) => j.name === 'inbox.handoff-mail')!.data as { conversationId: string };
      const deps = { db: h.db, jobs, env: h.env, presence };
      expect(await sendHandoffMail(deps, job)).toEqual({ sent: 2 });
      const queued = sent.filter((j) => j.name === 'mail.send');
      expect(queued).toHaveLength(2);
      const recipients = await h.db.select({ to: mails.to, subject: mails.subject, text: mails.text }).from(mails);
      const toTeam = recipients.filter((m) => [ws.owner.email, ws.agent.email, ws.admin.email].includes(m.to));
      expect(toTeam.map((m) => m.to).sort()).toEqual([ws.owner.email, ws.agent.email].sort());
      expect(openedMail(h.env, toTeam[0]!).text).toContain(`/app/inbox/${job.conversationId}`);
      // Once per cooldown.
      expect(await sendHandoffMail(deps, job)).toEqual({ sent: 0, skipped: 'cooldown' });

      // Someone online: the next hand-off is notified but not e-mailed.
      await (await inboxOf(ws.agent)).heartbeat({ workspaceId: ws.workspace.id, viewing: null });
      const second = await h.newVisitor(quietBot.publicKey);
      await second.widget.requestHuman();
      await expect
        .poll(() =>
          feed.items.filter((i) => i.data.type === 'notification' && i.data.payload.kind === 'handoff.requested'),
        )
        .toHaveLength(2);
      await wait(100);
      expect(sent.filter((j) => j.name === 'inbox.handoff-mail')).toHaveLength(1);
      const [secondConversation] = await h.db
        .select({ id: conversations.id })
        .from(conversations)
        .where(eq(conversations.visitorId, second.visitor.id));
      expect(await sendHandoffMail(deps, { conversationId: secondConversation!.id })).toEqual({
        sent: 0,
        skipped: 'someone-online',
      });
    } finally {
      controller.abort();
      for (const watcher of watchers) await watcher.close();
    }
  });

  it('notifies each of a burst of new conversations once, named, when two processes hear them', async () => {
    const ws = await createTestTeam(h.db, { name: 'Busy Co' });
    const busyBot = await createLiveChatbot(h.db, { workspaceId: ws.workspace.id, name: 'Busy Help' });
    const { jobs } = recordingJobs();
    const presence = presenceFor(h.bus);
    const watchers = [
      startInboxWatcher({ db: h.db, bus: h.bus, jobs, presence, log: testLog }),
      startInboxWatcher({ db: h.db, bus: h.bus, jobs, presence, log: testLog }),
    ];
    const controller = new AbortController();
    const feed = collect<{
      type: string;
      payload: { kind: string; chatbotName: string; visitorName: string | null; conversationId: string };
    }>(await (await inboxOf(ws.agent, controller.signal)).onEvent({ workspaceId: ws.workspace.id }));
    await wait(50);
    try {
      const visitors = await Promise.all(Array.from({ length: 6 }, () => h.newVisitor(busyBot.publicKey)));
      const sent = await Promise.all(
        visitors.map((visitor) => visitor.widget.send({ content: 'Hello there', clientId: clientId() })),
      );
      const created = () => feed.items.filter((i) => i.data.type === 'notification').map((i) => i.data.payload);
      await expect.poll(() => created()).toHaveLength(6);
      await wait(100);
      expect(created()).toHaveLength(6);
      expect(new Set(created().map((n) => n.conversationId))).toEqual(new Set(sent.map((m) => m.conversationId)));
      for (const notification of created()) {
        expect(notification).toMatchObject({
          kind: 'conversation.created',
          chatbotName: 'Busy Help',
          visitorName: null,
          lastQuestion: null,
        });
      }
    } finally {
      controller.abort();
      for (const watcher of watchers) await watcher.close();
    }
  });
});

describe('inbox.stats', () => {
  it('counts today, open and pending, the bot-only share and the first response time', async () => {
    const ws = await createTestTeam(h.db, { name: 'Stats Co' });
    const statsBot = await createLiveChatbot(h.db, { workspaceId: ws.workspace.id });
    const inbox = await inboxOf(ws.agent);
    expect(await inbox.stats({ workspaceId: ws.workspace.id })).toEqual({
      today: 0,
      open: 0,
      pending: 0,
      aiAnsweredShare: null,
      avgFirstResponseMs: null,
      latest: [],
    });
    const first = await h.newVisitor(statsBot.publicKey);
    const { conversationId } = await first.widget.send({ content: 'Hi', clientId: clientId() });
    const second = await h.newVisitor(statsBot.publicKey);
    await second.widget.send({ content: 'Hello', clientId: clientId() });
    await second.widget.requestHuman();
    await wait(20);
    await inbox.reply({
      workspaceId: ws.workspace.id,
      conversationId,
      content: 'Hello there',
      clientId: 'stats-reply-1',
    });
    const stats = await inbox.stats({ workspaceId: ws.workspace.id });
    expect(stats).toMatchObject({ today: 2, open: 1, pending: 1, aiAnsweredShare: 0 });
    expect(stats.avgFirstResponseMs).toBeGreaterThan(0);
    expect(stats.latest.map((i) => i.id)).toContain(conversationId);
  });
});
