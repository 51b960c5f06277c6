import fs from 'node:fs';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeGaps, type TUser } from '../../../db/schema';
import { createTestChatbot, createTestSource } from '../../../tests/factories/chatbots';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { testLog } from '../../../tests/helpers/log';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { offlineProvider } from '../../services/answering/providers';
import { createAnswerRunner, type AnswerRunner } from '../../services/answering/runner';
import { offlineEmbedder } from '../../services/knowledge/embedder';
import { recordGap } from '../../services/knowledge/gaps';
import { ingestSource } from '../../services/knowledge/ingest';
import { fieldErrorsOf } from '../../../shared/field-errors';

let h: TTestApp;
let answers: AnswerRunner;
let team: Awaited<ReturnType<typeof createTestTeam>>;
let bot: Awaited<ReturnType<typeof createTestChatbot>>;

beforeAll(async () => {
  h = await createTestApp({
    answers: ({ database, bus }) =>
      createAnswerRunner({
        db: database.db,
        database,
        bus,
        embedder: offlineEmbedder,
        provider: offlineProvider,
        log: testLog,
        recordGap: (report) => recordGap({ db: database.db, embedder: offlineEmbedder }, report),
      }),
  });
  answers = h.answers;
  team = await createTestTeam(h.db, { name: 'Acme' });
  bot = await createTestChatbot(h.db, { workspaceId: team.workspace.id, name: 'Shoe Help' });
  const source = await createTestSource(h.db, {
    chatbot: bot,
    title: 'Returns and refunds',
    content: fs.readFileSync('tests/fixtures/knowledge/returns.md', 'utf8'),
  });
  await ingestSource({ db: h.db, bus: h.bus, embedder: offlineEmbedder }, source.id);
});
afterAll(async () => {
  await answers.close();
  await h.close();
});

const playgroundAs = async (user: TUser, signal?: AbortSignal) => (await h.as(user, { signal })).playground;

describe('playground', () => {
  it('lets an agent chat with the bot: the answer streams over onEvent and is stored with its details', async () => {
    const controller = new AbortController();
    const playground = await playgroundAs(team.agent, controller.signal);
    const workspaceId = team.workspace.id;
    const { conversation, greeting } = await playground.start({ workspaceId, chatbotId: bot.id });
    expect(greeting).toBe('Hi! How can I help you today?');

    const events = await playground.onEvent({ workspaceId, conversationId: conversation.id });
    const seen: string[] = [];
    const done = (async () => {
      // The caller yields what `tracked()` wraps: [event id, event].
      for await (const item of events) {
        const [, event] = item as unknown as [string, { type: string; payload: { message?: { role: string } } }];
        seen.push(event.type);
        if (event.type === 'message.created' && event.payload.message?.role === 'bot') break;
      }
    })();

    const sent = await playground.send({
      workspaceId,
      conversationId: conversation.id,
      content: 'Can I return shoes I wore outdoors?',
      clientId: 'client-message-0001',
    });
    expect(sent).toMatchObject({ role: 'visitor', content: 'Can I return shoes I wore outdoors?' });
    // A resend of the same message (a retry after a dropped connection) is not stored twice.
    const again = await playground.send({
      workspaceId,
      conversationId: conversation.id,
      content: 'Can I return shoes I wore outdoors?',
      clientId: 'client-message-0001',
    });
    expect(again.id).toBe(sent.id);

    await done;
    controller.abort();
    expect(seen.slice(0, 2)).toEqual(['ready', 'message.created']);
    expect(seen).toContain('answer.delta');

    const { messages } = await playground.get({ workspaceId, conversationId: conversation.id });
    expect(messages.map((m) => m.role)).toEqual(['visitor', 'bot']);
    expect(messages[1]).toMatchObject({ outcome: 'answered', provider: 'offline', replyToId: sent.id });
    expect(messages[1]!.citations![0]!.title).toBe('Returns and refunds');
    expect(messages[1]!.retrieval!.passages.length).toBeGreaterThan(0);
  });

  it('refuses an over-long message with a clear message and stores nothing', async () => {
    const playground = await playgroundAs(team.agent);
    const workspaceId = team.workspace.id;
    const { conversation } = await playground.start({ workspaceId, chatbotId: bot.id });
    const error = await playground
      .send({
        workspaceId,
        conversationId: conversation.id,
        content: 'x'.repeat(2001),
        clientId: 'client-message-0002',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(fieldErrorsOf((error as TRPCError).cause)).toEqual({
      content: ['Keep your message to 2,000 characters or fewer.'],
    });
    const { messages } = await playground.get({ workspaceId, conversationId: conversation.id });
    expect(messages).toEqual([]);
  });

  it('takes a thumbs-down on an answer but opens no knowledge gap: the team is testing', async () => {
    const playground = await playgroundAs(team.agent);
    const workspaceId = team.workspace.id;
    const { conversation } = await playground.start({ workspaceId, chatbotId: bot.id });
    await playground.send({
      workspaceId,
      conversationId: conversation.id,
      content: 'How long do I have to return unworn shoes?',
      clientId: 'client-message-0003',
    });
    await answers.idle();
    const { messages } = await playground.get({ workspaceId, conversationId: conversation.id });
    const answer = messages.find((m) => m.role === 'bot')!;
    expect(await playground.rate({ workspaceId, messageId: answer.id, feedback: 'down' })).toEqual({
      id: answer.id,
      feedback: 'down',
    });
    // Gaps are what visitors could not get answered; the team's own questions in the playground stay out.
    const gaps = await h.db.select().from(knowledgeGaps).where(eq(knowledgeGaps.chatbotId, bot.id));
    expect(gaps.map((g) => g.question)).not.toContain('How long do I have to return unworn shoes?');
    const visitorMessage = messages.find((m) => m.role === 'visitor')!;
    await expect(playground.rate({ workspaceId, messageId: visitorMessage.id, feedback: 'up' })).rejects.toThrow(
      'Only answers from the bot can be rated.',
    );
  });
});
