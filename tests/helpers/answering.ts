import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../db/client';
import { chatbots, conversations, visitors } from '../../db/schema';
import { createTestChatbot, createTestSource } from '../factories/chatbots';
import { createTestApp, type TTestApp } from './app';
import { testLog } from './log';
import { fakeGeminiChat, type TGeminiTurn } from '../mocks/gemini-chat';
import { fakeOutsideServices } from '../mocks/server';
import type { BusEvent, EventBus } from '../../server/events/bus';
import { offlineEmbedder } from '../../server/services/knowledge/embedder';
import { ingestSource } from '../../server/services/knowledge/ingest';
import { receiveVisitorMessage } from '../../server/services/conversations/messages';
import { answerMessage, type TAnswerDeps, type TGapReport } from '../../server/services/answering/answer';
import '../../server/services/answering/events';
import { geminiProvider, offlineProvider, type TAnswerProvider } from '../../server/services/answering/providers';

/*
 * What the answering tests share, one strategy a file: a database with a
 * chatbot whose knowledge is the returns and shipping fixtures, and helpers
 * that ask it a question the way the widget does and collect what streams.
 */

const fixture = (name: string) => fs.readFileSync(`tests/fixtures/knowledge/${name}`, 'utf8');

export let server: ReturnType<typeof fakeOutsideServices>;
let app: TTestApp;
export let database: Database;
export let bus: EventBus;
export let bot: Awaited<ReturnType<typeof createTestChatbot>>;
export let returnsSourceId: string;
export const gaps: TGapReport[] = [];

/** Call once at the top of a test file: fakes outside services and sets up the chatbot for the file. */
export function setUpAnswering() {
  server = fakeOutsideServices();
  beforeAll(async () => {
    app = await createTestApp();
    ({ database, bus } = app);
    bot = await createTestChatbot(database.db, { name: 'Shoe Help' });
    for (const [title, file] of [
      ['Returns and refunds', 'returns.md'],
      ['Shipping', 'shipping.md'],
    ] as const) {
      const source = await createTestSource(database.db, { chatbot: bot, title, content: fixture(file) });
      await ingestSource({ db: database.db, bus, embedder: offlineEmbedder }, source.id);
      if (file === 'returns.md') returnsSourceId = source.id;
    }
  });
  afterAll(() => app.close());
}

export const deps = (provider: TAnswerProvider = offlineProvider, extra: Partial<TAnswerDeps> = {}): TAnswerDeps => ({
  db: database.db,
  database,
  bus,
  embedder: offlineEmbedder,
  provider,
  log: testLog,
  recordGap: async (report) => gaps.push(report),
  ...extra,
});

export const setSettings = (settings: Record<string, unknown>) =>
  database.db.update(chatbots).set({ settings }).where(eq(chatbots.id, bot.id));

/** A new conversation with one visitor message in it, stored the way the widget stores one. */
export async function visitorSays(content: string, options: { locale?: string } = {}) {
  const [visitor] = await database.db
    .insert(visitors)
    .values({ workspaceId: bot.workspaceId, chatbotId: bot.id, locale: options.locale ?? null })
    .returning();
  const [conversation] = await database.db
    .insert(conversations)
    .values({ workspaceId: bot.workspaceId, chatbotId: bot.id, visitorId: visitor!.id, channel: 'widget' })
    .returning();
  const { message } = await receiveVisitorMessage(
    { db: database.db, bus },
    { conversation: conversation!, content, clientId: `c-${crypto.randomUUID()}` },
  );
  return { conversation: conversation!, message };
}

export type TEvents = BusEvent<'answer.delta' | 'answer.cancelled' | 'message.created'>[];

/** Answers a fresh question and collects the conversation's events until the bot's message is stored. */
export async function ask(
  content: string,
  answerDeps = deps(),
  options: { signal?: AbortSignal; locale?: string } = {},
) {
  const { conversation, message } = await visitorSays(content, { locale: options.locale });
  const controller = new AbortController();
  const events: TEvents = [];
  const stream = bus.subscribe(['answer.delta', 'answer.cancelled', 'message.created'], {
    signal: controller.signal,
    // The visitor's own message.created may still be on its way (NOTIFY on a real Postgres arrives after publish returns).
    filter: (event) =>
      event.payload.conversationId === conversation.id &&
      !(event.type === 'message.created' && event.payload.message.id === message.id),
  });
  const collected = (async () => {
    for await (const event of stream) {
      events.push(event);
      if (event.type === 'answer.cancelled') break;
      if (event.type === 'message.created' && event.payload.message.role === 'bot') break;
    }
  })();
  const stored = await answerMessage(answerDeps, { messageId: message.id, signal: options.signal });
  // Nothing more comes when the bot stays silent; otherwise wait for the stored message (or the cancellation).
  const wait = stored || options.signal ? 2000 : 50;
  await Promise.race([collected, new Promise((resolve) => setTimeout(resolve, wait))]);
  controller.abort();
  const deltas = events.flatMap((e) => (e.type === 'answer.delta' ? [e.payload.text] : []));
  return { stored, events, streamed: deltas.join(''), conversation, message };
}

/** The event types in order, runs of deltas collapsed into one: `['answer.delta', 'message.created']`. */
export const kinds = (events: TEvents) => events.map((e) => e.type).filter((type, i, all) => type !== all[i - 1]);

export const useGemini = (turns: TGeminiTurn[]) => {
  const fake = fakeGeminiChat(turns);
  server.use(...fake.handlers);
  return fake;
};
export const gemini = (options: Parameters<typeof geminiProvider>[1] = {}) =>
  geminiProvider('test-key', { baseDelayMs: 1, firstTokenTimeoutMs: 2000, ...options });
