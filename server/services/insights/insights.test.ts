import { eq, inArray } from 'drizzle-orm';
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsLabels, conversations } from '../../../db/schema';
import { createTestChatbot } from '../../../tests/factories/chatbots';
import { seedConversation } from '../../../tests/factories/conversations';
import { createTestDatabase } from '../../../tests/helpers/db';
import { testLog } from '../../../tests/helpers/log';
import { fakeOutsideServices } from '../../../tests/mocks/server';
import type { Database } from '../../../db/client';
import { settleConversations } from '../analytics/settle';
import { geminiLabeller } from './gemini';
import { labelConversations } from './label';
import { labelOffline } from './offline';

const server = fakeOutsideServices();
let database: Database;
let bot: Awaited<ReturnType<typeof createTestChatbot>>;

beforeAll(async () => {
  database = await createTestDatabase();
  bot = await createTestChatbot(database.db);
});
afterAll(() => database.close());

const visitorSays = (...texts: string[]) =>
  seedConversation(database.db, {
    workspaceId: bot.workspaceId,
    chatbotId: bot.id,
    startedAt: new Date(Date.now() - 3 * 3_600_000),
    messages: texts.map((content, i) => ({ role: 'visitor' as const, content, at: i })),
  });

describe('offline labels', () => {
  it('detects the language and leaves very short text unlabelled', async () => {
    expect((await labelOffline(['Wie lange dauert der Versand nach Berlin?'], [])).language).toBe('de');
    expect((await labelOffline(['How long does shipping to Canada take?'], [])).language).toBe('en');
    expect((await labelOffline(['ok'], [])).language).toBeNull();
  });

  it('reads sentiment from the lexicon', async () => {
    expect((await labelOffline(['Thanks, that was a great help!'], [])).sentiment).toBe('positive');
    expect((await labelOffline(['This is terrible, I hate waiting for a broken order'], [])).sentiment).toBe(
      'negative',
    );
    expect((await labelOffline(['Where is my order?'], [])).sentiment).toBe('neutral');
  });

  it('groups similar questions under one topic and starts a new one for a new subject', async () => {
    const first = await labelOffline(['How do I return my shoes?', 'The shoes are too small'], []);
    expect(first.topic).toBe('Shoes return');
    expect((await labelOffline(['Can I return these shoes for a refund?'], [first.topic!])).topic).toBe('Shoes return');
    expect((await labelOffline(['Do you deliver parcels to Canada?'], [first.topic!])).topic).not.toBe('Shoes return');
  });
});

describe('labelling decided conversations', () => {
  it('labels what settling decided, feeds the rollups, and skips test chats', async () => {
    const returns = await visitorSays('How do I return my shoes?', 'They are too small, this is terrible');
    const shipping = await visitorSays('Wie lange dauert der Versand nach Berlin?');
    const test = await seedConversation(database.db, {
      workspaceId: bot.workspaceId,
      chatbotId: bot.id,
      startedAt: new Date(Date.now() - 3 * 3_600_000),
      isTest: true,
    });
    const settledIds: string[] = [];
    await settleConversations(database.db, { settledIds });
    expect(settledIds).toEqual(expect.arrayContaining([returns.id, shipping.id]));
    expect(await labelConversations({ db: database.db, log: testLog }, settledIds)).toBe(2);

    const rows = await database.db
      .select({
        id: conversations.id,
        topic: conversations.topic,
        sentiment: conversations.sentiment,
        language: conversations.language,
      })
      .from(conversations)
      .where(inArray(conversations.id, [returns.id, shipping.id, test.id]));
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(returns.id)).toMatchObject({ topic: 'Return shoes', sentiment: 'negative', language: 'en' });
    expect(byId.get(shipping.id)).toMatchObject({ language: 'de', sentiment: 'neutral' });
    expect(byId.get(test.id)).toMatchObject({ topic: null, sentiment: null, language: null });
    // The rollup triggers carry the labels into the Analytics charts.
    const labels = await database.db
      .select()
      .from(analyticsLabels)
      .where(eq(analyticsLabels.workspaceId, bot.workspaceId));
    expect(labels).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'topic', label: 'Return shoes', count: 1 }),
        expect.objectContaining({ kind: 'language', label: 'de', count: 1 }),
      ]),
    );
  });

  it('asks Gemini once per conversation for structured labels, and labels offline when it fails', async () => {
    const requests: { config: unknown; text: string }[] = [];
    let isDown = false;
    server.use(
      http.post('https://generativelanguage.googleapis.com/v1beta/models/:model', async ({ request, params }) => {
        if (!String(params.model).endsWith(':generateContent')) return undefined;
        if (isDown)
          return HttpResponse.json(
            { error: { code: 400, message: 'bad', status: 'INVALID_ARGUMENT' } },
            { status: 400 },
          );
        const body = (await request.json()) as { contents: { parts: { text: string }[] }[]; generationConfig: unknown };
        requests.push({ config: body.generationConfig, text: body.contents[0]!.parts[0]!.text });
        const labels = { topic: 'Delivery times', sentiment: 'neutral', language: 'fr' };
        return HttpResponse.json({
          candidates: [{ content: { role: 'model', parts: [{ text: JSON.stringify(labels) }] } }],
        });
      }),
    );
    const gemini = geminiLabeller('test-key', 'gemini-2.5-flash');
    const delivery = await visitorSays('Combien de temps dure la livraison ?');
    await labelConversations({ db: database.db, log: testLog, gemini }, [delivery.id]);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.text).toBe('Combien de temps dure la livraison ?');
    expect(requests[0]!.config).toMatchObject({
      responseMimeType: 'application/json',
      responseJsonSchema: expect.any(Object),
    });
    const [labelled] = await database.db.select().from(conversations).where(eq(conversations.id, delivery.id));
    expect(labelled).toMatchObject({ topic: 'Delivery times', sentiment: 'neutral', language: 'fr' });

    isDown = true;
    const other = await visitorSays('Thanks, great help with my shoes return!');
    await labelConversations({ db: database.db, log: testLog, gemini }, [other.id]);
    const [offline] = await database.db.select().from(conversations).where(eq(conversations.id, other.id));
    expect(offline).toMatchObject({ sentiment: 'positive', language: 'en' });
  });
});
