import { TRPCError } from '@trpc/server';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatbots, conversations, messages, usageDaily, visitors } from '../../../db/schema';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, HOST_ORIGIN, type TTestApp } from '../../../tests/helpers/app';
import { collect, createLiveChatbot } from '../../../tests/helpers/widget';
import { presentStoredMessage } from '../conversations/message-view';
import { installationSecret } from './secrets';
import { signVisitorToken } from './tokens';
import type { TWidgetEvent } from './present';

let h: TTestApp;
let team: Awaited<ReturnType<typeof createTestTeam>>;
let bot: Awaited<ReturnType<typeof createLiveChatbot>>;

beforeAll(async () => {
  h = await createTestApp({ widgetLimits: { messagesPerVisitorPerMinute: 5 } });
  team = await createTestTeam(h.db, { name: 'Acme' });
  bot = await createLiveChatbot(h.db, { workspaceId: team.workspace.id, name: 'Shoe Help' });
});
afterAll(() => h.close());

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: unknown) => (error instanceof TRPCError ? error.code : Promise.reject(error)),
  );

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('widget.start', () => {
  it('issues a token for a new visitor and keeps it on return', async () => {
    const anonymous = await h.asVisitor(null);
    const first = await anonymous.start({ publicKey: bot.publicKey, hostOrigin: HOST_ORIGIN, locale: 'fr-FR' });
    expect(first.visitorToken).toMatch(/^v1\./);
    expect(first.conversation).toBeNull();
    const again = await anonymous.start({
      publicKey: bot.publicKey,
      hostOrigin: HOST_ORIGIN,
      visitorToken: first.visitorToken,
    });
    expect(again.visitorToken).toBe(first.visitorToken);
    expect(again.visitor.id).toBe(first.visitor.id);
    const [row] = await h.db.select().from(visitors).where(eq(visitors.id, first.visitor.id));
    expect(row).toMatchObject({ userAgent: 'vitest-widget', chatbotId: bot.id });
  });

  it('refuses a website not on the allowlist, and an unknown key', async () => {
    const anonymous = await h.asVisitor(null);
    await expect(anonymous.start({ publicKey: bot.publicKey, hostOrigin: 'https://evil.example' })).rejects.toThrow(
      'This website is not allowed to show this chat.',
    );
    await expect(anonymous.start({ publicKey: 'cb_nothing', hostOrigin: HOST_ORIGIN })).toFailWith({
      code: 'NOT_FOUND',
    });
  });

  it('loads a draft or paused chatbot only on Parley’s own pages with its preview token', async () => {
    const [draft] = await h.db
      .update(chatbots)
      .set({ status: 'draft' })
      .where(eq(chatbots.id, (await createLiveChatbot(h.db, { workspaceId: team.workspace.id })).id))
      .returning();
    const anonymous = await h.asVisitor(null);
    await expect(anonymous.start({ publicKey: draft!.publicKey, hostOrigin: HOST_ORIGIN })).rejects.toThrow(
      'This chat is not live.',
    );
    const member = await h.as(team.agent);
    const { token } = await member.chatbot.previewToken({ workspaceId: team.workspace.id, chatbotId: draft!.id });
    const ownPage = await anonymous.start({
      publicKey: draft!.publicKey,
      hostOrigin: 'https://parley.test',
      preview: token,
    });
    expect(ownPage.visitorToken).toMatch(/^v1\./);
    // The preview grant is for Parley's pages only, and for that chatbot only.
    await expect(anonymous.start({ publicKey: draft!.publicKey, hostOrigin: HOST_ORIGIN, preview: token })).toFailWith({
      code: 'FORBIDDEN',
    });
    const { token: otherToken } = await member.chatbot.previewToken({
      workspaceId: team.workspace.id,
      chatbotId: bot.id,
    });
    await expect(
      anonymous.start({ publicKey: draft!.publicKey, hostOrigin: 'https://parley.test', preview: otherToken }),
    ).toFailWith({ code: 'FORBIDDEN' });
    // The visitor token made under the preview works while the chatbot is a draft.
    const widget = await h.asVisitor(ownPage.visitorToken);
    expect((await widget.send({ content: 'Hello draft', clientId: 'draft-message-1' })).content).toBe('Hello draft');
  });
});

describe('visitor tokens', () => {
  it('refuses a forged, tampered or missing token', async () => {
    const { visitorToken } = await h.newVisitor(bot.publicKey);
    const [prefix, payload, mac] = visitorToken.split('.');
    const flipped = `${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`;
    const forgedKey = signVisitorToken(Buffer.alloc(32, 7), {
      visitorId: (await h.db.select().from(visitors).limit(1))[0]!.id,
      chatbotId: bot.id,
      previewUntil: null,
    });
    for (const token of [`${prefix}.${payload}.${flipped}`, forgedKey, 'v1.nonsense.token', '']) {
      const widget = await h.asVisitor(token);
      expect([token, await codeOf(widget.history())]).toEqual([token, 'UNAUTHORIZED']);
    }
  });

  it('reads the sessions of many connections at once, each its own visitor', async () => {
    const crowd = await Promise.all(
      Array.from({ length: 4 }, (_, n) => h.newVisitor(bot.publicKey, { ip: `192.0.2.${20 + n}` })),
    );
    await Promise.all(crowd.map((v, n) => v.widget.send({ content: `I am ${n}`, clientId: `session-${n}-1` })));
    await h.db.delete(visitors).where(eq(visitors.id, crowd[3]!.visitor.id));
    const callers = await Promise.all(crowd.map((v) => h.asVisitor(v.visitorToken)));
    const seen = await Promise.all(
      callers.map((caller) =>
        caller.history().then(
          (history) => history.messages[0]?.content,
          (error: unknown) => (error instanceof TRPCError ? error.code : Promise.reject(error)),
        ),
      ),
    );
    expect(seen).toEqual(['I am 0', 'I am 1', 'I am 2', 'UNAUTHORIZED']);
  });

  it('binds a token to its chatbot: another chatbot’s start makes a new visitor', async () => {
    const other = await createLiveChatbot(h.db, { workspaceId: team.workspace.id, name: 'Other' });
    const a = await h.newVisitor(bot.publicKey);
    const anonymous = await h.asVisitor(null);
    const b = await anonymous.start({
      publicKey: other.publicKey,
      hostOrigin: HOST_ORIGIN,
      visitorToken: a.visitorToken,
    });
    expect(b.visitor.id).not.toBe(a.visitor.id);
    // A token naming a visitor of one chatbot with another chatbot's id does not verify as that visitor.
    const key = await installationSecret(h.db, 'visitor_token_key');
    const crossed = signVisitorToken(key, { visitorId: a.visitor.id, chatbotId: other.id, previewUntil: null });
    await expect((await h.asVisitor(crossed)).history()).toFailWith({ code: 'UNAUTHORIZED' });
  });

  it('stops working when the chatbot is paused', async () => {
    const paused = await createLiveChatbot(h.db, { workspaceId: team.workspace.id });
    const { visitorToken, widget } = await h.newVisitor(paused.publicKey);
    expect(await codeOf(widget.history())).toBe('OK');
    await h.db.update(chatbots).set({ status: 'paused' }).where(eq(chatbots.id, paused.id));
    const reconnected = await h.asVisitor(visitorToken);
    await expect(reconnected.send({ content: 'Anyone?', clientId: 'paused-message-1' })).rejects.toThrow(
      'This chat is not available right now.',
    );
  });
});

describe('widget.send', () => {
  it('opens a conversation, stores the message once per clientId and publishes it once', async () => {
    const bus = h.events(['message.created', 'conversation.created', 'typing']);
    const { widget, visitor } = await h.newVisitor(bot.publicKey);
    const first = await widget.send({ content: 'Do you ship to Canada?', clientId: 'idem-message-1' });
    const again = await widget.send({ content: 'Do you ship to Canada?', clientId: 'idem-message-1' });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ role: 'visitor', clientId: 'idem-message-1', authorName: null, citations: null });

    const rows = await h.db.select().from(messages).where(eq(messages.clientId, 'idem-message-1'));
    expect(rows).toHaveLength(1);
    const started = h.started.filter((s) => s.messageId === first.id);
    expect(started).toHaveLength(1);
    await expect.poll(() => bus.seen.filter((e) => e.type === 'typing')).toHaveLength(1);
    await wait(100);
    bus.stop();
    const mine = bus.seen.filter((e) => e.payload.conversationId === rows[0]!.conversationId);
    expect(mine.map((e) => e.type)).toEqual(['conversation.created', 'message.created', 'typing']);
    expect(mine[2]!.payload).toMatchObject({ who: 'bot', isTyping: true, name: 'Shoe Help' });

    const [conversation] = await h.db.select().from(conversations).where(eq(conversations.visitorId, visitor.id));
    expect(conversation).toMatchObject({ channel: 'widget', status: 'open', handler: 'bot' });
  });

  it('refuses an over-long message and a flood with a sentence for the visitor', async () => {
    const { widget } = await h.newVisitor(bot.publicKey);
    const long = await widget.send({ content: 'x'.repeat(2001), clientId: 'long-message-1' }).catch((e: unknown) => e);
    expect(long).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('2,000 characters') });
    for (let i = 0; i < 5; i++) await widget.send({ content: `Message ${i}`, clientId: `flood-message-${i}` });
    const refused = await widget.send({ content: 'One more', clientId: 'flood-message-5' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect((refused as Error).message).toMatch(
      /^You're sending messages faster than we can take them\. Please wait \d+ seconds? and try again\.$/,
    );
    // A resend of a stored message is still answered (an offline queue replaying after a reconnect).
    expect((await widget.send({ content: 'Message 0', clientId: 'flood-message-0' })).content).toBe('Message 0');
  });

  it('recognises a resend after a reset, without opening a conversation or counting it again', async () => {
    const { widget, visitor } = await h.newVisitor(bot.publicKey);
    const first = await widget.send({ content: 'Before the reset', clientId: 'reset-resend-1' });
    await widget.reset();
    expect(await widget.send({ content: 'Before the reset', clientId: 'reset-resend-1' })).toEqual(first);
    const mine = await h.db.select().from(conversations).where(eq(conversations.visitorId, visitor.id));
    expect(mine.map((c) => c.status)).toEqual(['resolved']);
    // After a new message the visitor has a new conversation, and the old clientId is still recognised.
    const next = await widget.send({ content: 'After the reset', clientId: 'reset-resend-2' });
    expect(next.conversationId).not.toBe(first.conversationId);
    expect(await widget.send({ content: 'Before the reset', clientId: 'reset-resend-1' })).toEqual(first);
    const rows = await h.db
      .select()
      .from(messages)
      .where(and(eq(messages.clientId, 'reset-resend-1')));
    expect(rows).toHaveLength(1);
  });

  it('does not start the bot in human-only mode or while waiting for a person', async () => {
    const humanOnly = await createLiveChatbot(h.db, {
      workspaceId: team.workspace.id,
      settings: { responseMode: 'human' },
    });
    const { widget } = await h.newVisitor(humanOnly.publicKey);
    const sent = await widget.send({ content: 'Hello?', clientId: 'human-only-1' });
    expect(h.started.some((s) => s.messageId === sent.id)).toBe(false);

    const other = await h.newVisitor(bot.publicKey);
    const pending = await other.widget.requestHuman();
    expect(pending.status).toBe('pending');
    const waiting = await other.widget.send({ content: 'Still there?', clientId: 'pending-message-1' });
    expect(h.started.some((s) => s.messageId === waiting.id)).toBe(false);
  });
});

describe('a visitor’s own things only', () => {
  it('never shows or touches another visitor’s conversation', async () => {
    const a = await h.newVisitor(bot.publicKey);
    const b = await h.newVisitor(bot.publicKey);
    await a.widget.send({ content: 'My order number is 1234', clientId: 'private-message-1' });
    const [conversation] = await h.db.select().from(conversations).where(eq(conversations.visitorId, a.visitor.id));
    const [answer] = await h.db
      .insert(messages)
      .values({ workspaceId: bot.workspaceId, conversationId: conversation!.id, role: 'bot', content: 'Thanks!' })
      .returning();

    const bHistory = await b.widget.history();
    expect(bHistory).toMatchObject({ conversation: null, messages: [] });
    await expect(b.widget.rate({ messageId: answer!.id, feedback: 'down' })).toFailWith({ code: 'NOT_FOUND' });
    // The same clientId from another visitor is another message.
    const bSent = await b.widget.send({ content: 'Hello', clientId: 'private-message-1' });
    expect(bSent.content).toBe('Hello');
    expect((await a.widget.history()).messages.map((m) => m.content)).toEqual(['My order number is 1234', 'Thanks!']);
    expect((await b.widget.history()).messages.map((m) => m.content)).toEqual(['Hello']);
  });
});

describe('widget.onEvent', () => {
  it('resumes after a reconnect with exactly the messages missed, then streams without duplicates', async () => {
    const { visitorToken, widget } = await h.newVisitor(bot.publicKey);
    await widget.send({ content: 'Before the cut', clientId: 'resume-message-1' });
    const [conversation] = await h.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.chatbotId, bot.id), eq(conversations.status, 'open')))
      .orderBy(conversations.createdAt);
    void conversation;

    // First connection: a fresh stream, then one live message.
    const first = new AbortController();
    const firstCaller = await h.asVisitor(visitorToken, { signal: first.signal });
    const stream1 = collect<TWidgetEvent>(await firstCaller.onEvent({}));
    await expect.poll(() => stream1.items.map((i) => i.data.type)).toEqual(['ready']);
    await widget.send({ content: 'Seen live', clientId: 'resume-message-2' });
    await expect.poll(() => stream1.items.length).toBeGreaterThanOrEqual(2);
    const seenLive = stream1.items.filter((i) => i.data.type === 'message.created');
    expect(seenLive.map((i) => (i.data as { message: { content: string } }).message.content)).toEqual(['Seen live']);
    // The connection drops; what the client saw last is its lastEventId.
    const lastEventId = stream1.items.at(-1)!.id;
    first.abort();
    await stream1.done;

    // Meanwhile: the visitor's next message (another tab) and the bot's answer to it.
    const missed = await widget.send({ content: 'Sent while away', clientId: 'resume-message-3' });
    const [answer] = await h.db
      .insert(messages)
      .values({
        workspaceId: bot.workspaceId,
        conversationId: missed.conversationId,
        role: 'bot',
        content: 'Answered while away',
        replyToId: missed.id,
        citations: [],
      })
      .returning();

    const second = new AbortController();
    const secondCaller = await h.asVisitor(visitorToken, { signal: second.signal });
    const stream2 = collect<TWidgetEvent>(await secondCaller.onEvent({ lastEventId }));
    await expect.poll(() => stream2.items.some((i) => i.data.type === 'ready')).toBe(true);
    const replay = stream2.items.map((i) => i.data);
    expect(replay.map((e) => e.type)).toEqual(['message.created', 'message.created', 'conversation.updated', 'ready']);
    expect(replay.slice(0, 2).map((e) => (e as { message: { id: string } }).message.id)).toEqual([
      missed.id,
      answer!.id,
    ]);
    expect(replay[1]).toMatchObject({ message: { role: 'bot', authorName: 'Shoe Help', citations: [] } });

    // Live again; every id carries the position, so a second cut would resume from here.
    const live = await widget.send({ content: 'Back again', clientId: 'resume-message-4' });
    await expect.poll(() => stream2.items.length).toBe(6);
    expect(stream2.items.slice(4).map((i) => i.data)).toMatchObject([
      { type: 'message.created', message: { id: live.id } },
      { type: 'typing', who: 'bot', isTyping: true },
    ]);
    const resumeAgain = stream2.items[5]!.id;
    second.abort();
    await stream2.done;

    const third = new AbortController();
    const thirdCaller = await h.asVisitor(visitorToken, { signal: third.signal });
    const stream3 = collect<TWidgetEvent>(await thirdCaller.onEvent({ lastEventId: resumeAgain }));
    await expect.poll(() => stream3.items.some((i) => i.data.type === 'ready')).toBe(true);
    expect(stream3.items.map((i) => i.data.type)).toEqual(['conversation.updated', 'ready']);
    third.abort();
    await stream3.done;
  });

  it('streams the visitor’s events only, and the bot’s typing around its answer', async () => {
    const a = await h.newVisitor(bot.publicKey);
    const b = await h.newVisitor(bot.publicKey);
    const controller = new AbortController();
    const aCaller = await h.asVisitor(a.visitorToken, { signal: controller.signal });
    const stream = collect<TWidgetEvent>(await aCaller.onEvent());
    await expect.poll(() => stream.items.length).toBe(1);
    await b.widget.send({ content: 'B speaks', clientId: 'others-message-1' });
    const sent = await a.widget.send({ content: 'A speaks', clientId: 'others-message-2' });
    // The bot's answer as the answering code stores it: the row and its event in one transaction.
    await h.db.transaction(async (tx) => {
      const [answer] = await tx
        .insert(messages)
        .values({ workspaceId: bot.workspaceId, conversationId: sent.conversationId, role: 'bot', content: 'Hi A' })
        .returning();
      const ref = { workspaceId: bot.workspaceId, chatbotId: bot.id, conversationId: sent.conversationId };
      await h.bus.publish(
        'message.created',
        { ...ref, message: presentStoredMessage(answer!, { chatbotName: bot.name, operatorName: null }) },
        { tx: tx as never },
      );
    });
    await expect.poll(() => stream.items.length).toBe(6);
    controller.abort();
    expect(stream.items.map((i) => i.data)).toMatchObject([
      { type: 'ready' },
      { type: 'conversation.updated', conversation: { status: 'open' } },
      { type: 'message.created', message: { content: 'A speaks' } },
      { type: 'typing', who: 'bot', isTyping: true },
      { type: 'message.created', message: { content: 'Hi A', authorName: bot.name } },
      { type: 'typing', who: 'bot', isTyping: false },
    ]);
  });
});

describe('widget.onEvent with many streams', () => {
  it('hands each event only to its visitor’s streams, as streams come and go', async () => {
    const crowd = await Promise.all(
      Array.from({ length: 5 }, (_, n) => h.newVisitor(bot.publicKey, { ip: `192.0.2.${n}` })),
    );
    const open = async (visitorToken: string) => {
      const controller = new AbortController();
      const caller = await h.asVisitor(visitorToken, { signal: controller.signal });
      const stream = collect<TWidgetEvent>(await caller.onEvent());
      await expect.poll(() => stream.items.length).toBe(1);
      const contents = () =>
        stream.items.flatMap((i) => (i.data.type === 'message.created' ? [i.data.message.content] : []));
      return { controller, stream, contents };
    };
    const streams = await Promise.all(crowd.map((v) => open(v.visitorToken)));
    streams[0]!.controller.abort();
    await Promise.all(crowd.map((v, n) => v.widget.send({ content: `From ${n}`, clientId: `routed-${n}-1` })));
    for (const [n, stream] of streams.entries()) {
      if (n > 0) await expect.poll(stream.contents).toEqual([`From ${n}`]);
    }
    await wait(50);
    expect(streams[0]!.stream.items).toHaveLength(1);
    expect(streams[1]!.contents()).toEqual(['From 1']);
    for (const stream of streams) stream.controller.abort();

    // Every stream of the chatbot closed: a new one still hears its visitor (and only them).
    const again = await open(crowd[2]!.visitorToken);
    await crowd[3]!.widget.send({ content: 'Not for 2', clientId: 'routed-3-2' });
    await crowd[2]!.widget.send({ content: 'For 2', clientId: 'routed-2-2' });
    await expect.poll(again.contents).toEqual(['For 2']);
    again.controller.abort();
  });
});

describe('conversation actions', () => {
  it('asks for a person, rates, records a gap for a thumbs-down, keeps context, resets', async () => {
    const { widget, visitor } = await h.newVisitor(bot.publicKey);
    await widget.setContext({ context: { page: '/boots/trail-42', product: 'Trail 42', price: 129, inStock: true } });
    await widget.identify({ name: 'Ada', email: ' Ada@Example.com ', traits: { plan: 'pro' } });
    const question = await widget.send({ content: 'Are the Trail 42 waterproof?', clientId: 'actions-message-1' });
    const [conversation] = await h.db.select().from(conversations).where(eq(conversations.id, question.conversationId));
    expect(conversation!.context).toEqual({
      page: '/boots/trail-42',
      product: 'Trail 42',
      price: '129',
      inStock: 'true',
    });
    const [stored] = await h.db.select().from(visitors).where(eq(visitors.id, visitor.id));
    expect(stored).toMatchObject({ name: 'Ada', email: 'ada@example.com', traits: { plan: 'pro' }, locale: 'de-CH' });

    // A new page: the context follows the visitor onto the open conversation.
    await widget.setContext({ context: { page: '/returns' } });
    const [moved] = await h.db.select().from(conversations).where(eq(conversations.id, question.conversationId));
    expect(moved!.context).toEqual({ page: '/returns' });

    const [answer] = await h.db
      .insert(messages)
      .values({
        workspaceId: bot.workspaceId,
        conversationId: question.conversationId,
        role: 'bot',
        content: 'Yes.',
        replyToId: question.id,
      })
      .returning();
    const gaps: string[] = [];
    const recordGap = h.answers.recordGap;
    h.answers.recordGap = async (report) => void gaps.push(report.question);
    expect(await widget.rate({ messageId: answer!.id, feedback: 'down' })).toEqual({
      id: answer!.id,
      feedback: 'down',
    });
    h.answers.recordGap = recordGap;
    expect(gaps).toEqual(['Are the Trail 42 waterproof?']);
    await expect(widget.rate({ messageId: question.id, feedback: 'up' })).rejects.toThrow(
      'Only answers from the bot can be rated.',
    );

    const pending = await widget.requestHuman();
    expect(pending).toMatchObject({ id: question.conversationId, status: 'pending', handler: 'bot' });
    expect((await widget.requestHuman()).status).toBe('pending');
    const thread = await widget.history();
    expect(thread.messages.map((m) => m.role)).toEqual(['visitor', 'bot', 'system']);
    expect(thread.messages.filter((m) => m.role === 'system')).toHaveLength(1);

    await widget.markRead();
    const [read] = await h.db.select().from(conversations).where(eq(conversations.id, question.conversationId));
    expect(read!.visitorReadAt).toBeInstanceOf(Date);

    expect(await widget.reset()).toEqual({ ok: true });
    expect((await widget.history()).conversation).toBeNull();
    expect(await widget.rateConversation({ rating: 4, comment: 'Quick answer' })).toMatchObject({
      id: question.conversationId,
      status: 'resolved',
      rating: 4,
    });
    const next = await widget.send({ content: 'One more question', clientId: 'actions-message-2' });
    expect(next.conversationId).not.toBe(question.conversationId);
    // The new conversation starts with the visitor's context.
    const [fresh] = await h.db.select().from(conversations).where(eq(conversations.id, next.conversationId));
    expect(fresh!.context).toEqual({ page: '/returns' });
  });

  it('pages through history, oldest first within a page', async () => {
    const { widget } = await h.newVisitor(bot.publicKey);
    for (let i = 1; i <= 5; i++) await widget.send({ content: `Q${i}`, clientId: `page-message-${i}` });
    const sent = (await widget.history({ limit: 50 })).messages.map((m) => m.content);
    const first = await widget.history({ limit: 2 });
    expect(first.messages.map((m) => m.content)).toEqual(sent.slice(-2));
    expect(first.hasMore).toBe(sent.length > 2);
    const second = await widget.history({ limit: 2, before: first.nextBefore });
    expect(second.messages.map((m) => m.content)).toEqual(sent.slice(-4, -2));
    const last = await widget.history({ limit: 2, before: second.nextBefore });
    expect(last).toMatchObject({ hasMore: false, nextBefore: null });
    expect(last.messages.map((m) => m.content)).toEqual(['Q1']);
  });
});

describe('inbox.onEvent', () => {
  it('gives a workspace its own events and nothing of another’s', async () => {
    const other = await createTestTeam(h.db, { name: 'Other Co' });
    const otherBot = await createLiveChatbot(h.db, { workspaceId: other.workspace.id });
    const controllerA = new AbortController();
    const controllerB = new AbortController();
    const feedA = collect<{ type: string; payload: { workspaceId: string } }>(
      await (await h.as(team.agent, { signal: controllerA.signal })).inbox.onEvent({ workspaceId: team.workspace.id }),
    );
    const feedB = collect<{ type: string; payload: { workspaceId: string } }>(
      await (
        await h.as(other.agent, { signal: controllerB.signal })
      ).inbox.onEvent({ workspaceId: other.workspace.id }),
    );
    await wait(50);
    const a = await h.newVisitor(bot.publicKey);
    const b = await h.newVisitor(otherBot.publicKey);
    await a.widget.send({ content: 'For Acme', clientId: 'inbox-message-1' });
    await b.widget.send({ content: 'For Other Co', clientId: 'inbox-message-2' });
    await expect.poll(() => feedB.items.some((i) => i.data.type === 'message.created')).toBe(true);
    await expect.poll(() => feedA.items.some((i) => i.data.type === 'message.created')).toBe(true);
    controllerA.abort();
    controllerB.abort();
    expect(feedA.items.map((i) => i.data.type)).toEqual(['ready', 'conversation.created', 'message.created', 'typing']);
    expect(feedA.items.slice(1).every((i) => i.data.payload.workspaceId === team.workspace.id)).toBe(true);
    expect(feedB.items.slice(1).every((i) => i.data.payload.workspaceId === other.workspace.id)).toBe(true);
    expect(feedA.items.every((i) => typeof i.id === 'string' && i.id.length > 0)).toBe(true);
    // A member of one workspace cannot listen to another's.
    await expect((await h.as(other.agent)).inbox.onEvent({ workspaceId: team.workspace.id })).toFailWith({
      code: 'NOT_FOUND',
    });
  });
});

describe('widget.send under load (messages written in batches)', () => {
  const ipOf = (n: number) => `198.51.100.${n}`;

  it('stores concurrent sends from many visitors once each, in order per visitor, counted and published once', async () => {
    const humanOnly = await createLiveChatbot(h.db, {
      workspaceId: team.workspace.id,
      settings: { responseMode: 'human' },
    });
    const crowd = await Promise.all(
      Array.from({ length: 20 }, (_, n) => h.newVisitor(humanOnly.publicKey, { ip: ipOf(n) })),
    );
    // Every visitor has a conversation already, so the sends below race only each other.
    await Promise.all(
      crowd.map(({ widget }, n) => widget.send({ content: `First from ${n}`, clientId: `crowd-${n}-0` })),
    );
    const bus = h.events(['message.created']);
    const sends = crowd.flatMap(({ widget }, n) =>
      [1, 2, 3].map((k) => widget.send({ content: `Message ${k} from ${n}`, clientId: `crowd-${n}-${k}` })),
    );
    // …and a resend of each visitor's first message in the middle of it all.
    const resends = crowd.map(({ widget }, n) => widget.send({ content: `First from ${n}`, clientId: `crowd-${n}-0` }));
    const sent = await Promise.all(sends);
    const resent = await Promise.all(resends);
    expect(new Set(sent.map((m) => m.id)).size).toBe(60);

    for (const [n, { visitor }] of crowd.entries()) {
      const rows = await h.db
        .select({ message: messages, status: conversations.status, lastMessageAt: conversations.lastMessageAt })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(eq(conversations.visitorId, visitor.id))
        .orderBy(messages.seq);
      expect(rows.map((r) => r.message.clientId)).toEqual([0, 1, 2, 3].map((k) => `crowd-${n}-${k}`));
      expect(rows.map((r) => r.message.seq)).toEqual([1, 2, 3, 4]);
      expect(resent[n]!.id).toBe(rows[0]!.message.id);
      expect(rows[0]!.lastMessageAt).toEqual(rows[3]!.message.createdAt);
    }
    // The first messages' events may still be on their way when the recording starts.
    const ofTheRace = () =>
      bus.seen.filter((e) => e.payload.chatbotId === humanOnly.id && !e.payload.message.clientId!.endsWith('-0'));
    await expect.poll(() => ofTheRace().length).toBe(60);
    await wait(100);
    bus.stop();
    const published = ofTheRace().map((e) => e.payload.message.id);
    expect(published).toHaveLength(60);
    expect(new Set(published).size).toBe(60);
    const [usage] = await h.db.select().from(usageDaily).where(eq(usageDaily.chatbotId, humanOnly.id));
    expect(usage!.messages).toBe(80);
  });

  it("numbers a visitor's batched messages and everyone else's in one sequence", async () => {
    const humanOnly = await createLiveChatbot(h.db, {
      workspaceId: team.workspace.id,
      settings: { responseMode: 'human' },
    });
    const { widget, visitor } = await h.newVisitor(humanOnly.publicKey, { ip: ipOf(90) });
    const seenAt = async () => {
      const [row] = await h.db.select().from(visitors).where(eq(visitors.id, visitor.id));
      return { seq: row!.messageSeq, lastSeenAt: row!.lastSeenAt };
    };
    const first = await widget.send({ content: 'First', clientId: 'one-sequence-1' });
    const before = await seenAt();
    // A reply written outside the batch: numbered by the trigger.
    await h.db.insert(messages).values({
      workspaceId: team.workspace.id,
      conversationId: first.conversationId,
      role: 'operator',
      content: 'A reply',
    });
    await Promise.all([
      widget.send({ content: 'Second', clientId: 'one-sequence-2' }),
      widget.send({ content: 'Third', clientId: 'one-sequence-3' }),
    ]);
    const rows = await h.db
      .select({ content: messages.content, seq: messages.seq })
      .from(messages)
      .where(eq(messages.conversationId, first.conversationId))
      .orderBy(messages.seq);
    expect(rows).toEqual([
      { content: 'First', seq: 1 },
      { content: 'A reply', seq: 2 },
      { content: 'Second', seq: 3 },
      { content: 'Third', seq: 4 },
    ]);
    const after = await seenAt();
    expect(after.seq).toBe(4);
    expect(after.lastSeenAt.getTime()).toBeGreaterThan(before.lastSeenAt.getTime());
  });

  it('gives both callers of one message sent twice at once the same stored message', async () => {
    const { widget } = await h.newVisitor(bot.publicKey, { ip: ipOf(100) });
    const bus = h.events(['message.created']);
    const [a, b] = await Promise.all([
      widget.send({ content: 'Twice at once', clientId: 'twice-at-once-1' }),
      widget.send({ content: 'Twice at once', clientId: 'twice-at-once-1' }),
    ]);
    expect(b).toEqual(a);
    expect(await h.db.select().from(messages).where(eq(messages.clientId, 'twice-at-once-1'))).toHaveLength(1);
    expect(h.started.filter((s) => s.messageId === a.id)).toHaveLength(1);
    await wait(100);
    bus.stop();
    expect(bus.seen.filter((e) => e.payload.message.clientId === 'twice-at-once-1')).toHaveLength(1);
  });

  it('fails only the message at fault when others share its batch', async () => {
    const crowd = await Promise.all(
      Array.from({ length: 5 }, (_, n) => h.newVisitor(bot.publicKey, { ip: ipOf(110 + n) })),
    );
    await Promise.all(crowd.map(({ widget }, n) => widget.send({ content: 'Hello', clientId: `fault-${n}-0` })));
    // One visitor is gone (its caller still holds the session), one sends what Postgres cannot store.
    await h.db.delete(visitors).where(eq(visitors.id, crowd[1]!.visitor.id));
    const results = await Promise.all(
      crowd.map(({ widget }, n) =>
        codeOf(widget.send({ content: n === 3 ? 'nul \u0000 byte' : `Still here ${n}`, clientId: `fault-${n}-1` })),
      ),
    );
    expect(results).toEqual(['OK', 'UNAUTHORIZED', 'OK', 'INTERNAL_SERVER_ERROR', 'OK']);
    const stored = await h.db
      .select()
      .from(messages)
      .where(inArray(messages.clientId, ['fault-0-1', 'fault-2-1', 'fault-4-1']));
    expect(stored).toHaveLength(3);
  });
});
