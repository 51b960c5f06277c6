import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages, usageDaily, usageTokensDaily, workspaces, conversations } from '../../../db/schema';
import {
  ask,
  bot,
  database,
  deps,
  gaps,
  returnsSourceId,
  setSettings,
  setUpAnswering,
  visitorSays,
} from '../../../tests/helpers/answering';
import { answerMessage } from './answer';

const OFFLINE_PREFACE = 'I’m answering in offline mode, so here is what the knowledge base says:';
const UNAVAILABLE_MESSAGE =
  'Sorry, this chat is unavailable at the moment. Please try again later or contact us another way.';

setUpAnswering();

describe('small talk', () => {
  it('answers greetings, thanks and goodbyes naturally, in their language, without a knowledge gap', async () => {
    await setSettings({});
    gaps.length = 0;
    for (const [said, reply] of [
      ['Hi!', /What can I help you with/],
      ['thanks', /welcome/],
      ['Bye', /Goodbye/],
      ['Hallo', /Wobei kann ich helfen/],
    ] as const) {
      const { stored } = await ask(said);
      expect(stored).toMatchObject({ outcome: 'answered', offersHandoff: false });
      expect(stored!.content).toMatch(reply);
      expect(stored!.content).not.toContain(OFFLINE_PREFACE);
    }
    expect(gaps).toEqual([]);
  });
});

describe('the bot’s own words', () => {
  it('speak the visitor’s browser language in offline mode: the notice, the default fallback', async () => {
    await setSettings({});
    const answered = await ask('Can I return shoes I have already worn outside?', deps(), { locale: 'de-AT' });
    expect(answered.stored!.content).toMatch(/^Ich antworte im Offline-Modus/);
    expect(answered.stored!.content).toMatch(/worn outdoors cannot be returned/);
    const unknown = await ask('Which football team won the league in 1998?', deps(), { locale: 'es-MX' });
    expect(unknown.stored).toMatchObject({ outcome: 'abstained', content: expect.stringMatching(/^Lo siento/) });
  });

  it('follow a fixed answer language, and never replace the owner’s own fallback', async () => {
    await setSettings({ languagePolicy: 'fixed', language: 'fr' });
    const fixed = await ask('Which football team won the league in 1998?', deps(), { locale: 'de-DE' });
    expect(fixed.stored!.content).toMatch(/^Désolé/);
    await setSettings({ fallbackMessage: 'Ask Maria at the counter.' });
    const own = await ask('Which football team won the league in 1998?', deps(), { locale: 'fr-FR' });
    expect(own.stored!.content).toBe('Ask Maria at the counter.');
  });
});

describe('answering offline', () => {
  it('streams an extractive answer quoting the knowledge, cites its source and records the turn', async () => {
    await setSettings({});
    const { stored, streamed, events, message } = await ask('Can I return shoes I have already worn outside?');
    expect(stored).toMatchObject({
      role: 'bot',
      outcome: 'answered',
      provider: 'offline',
      model: 'parley-extractive-1',
      replyToId: message.id,
    });
    expect(stored!.content.startsWith(OFFLINE_PREFACE)).toBe(true);
    expect(stored!.content).toMatch(/worn outdoors cannot be returned/);
    expect(stored!.citations![0]).toMatchObject({ sourceId: returnsSourceId, title: 'Returns and refunds' });
    expect(stored!.retrieval!.passages.length).toBeGreaterThan(0);
    expect(stored!.retrieval!.confidence).toBeGreaterThan(0.35);
    expect(stored!.tokensIn).toBeGreaterThan(0);
    expect(stored!.firstTokenMs).toBeGreaterThanOrEqual(0);
    expect(stored!.latencyMs).toBeGreaterThanOrEqual(stored!.firstTokenMs!);
    // Streamed in pieces, and the final message (same id) carries the whole text.
    expect(events.filter((e) => e.type === 'answer.delta').length).toBeGreaterThan(3);
    expect(streamed.trim()).toBe(stored!.content);
    const created = events.at(-1)!;
    expect(created.type === 'message.created' && created.payload.message.id).toBe(stored!.id);
  });

  it('says it does not know, and records a knowledge gap, when nothing in the knowledge matches', async () => {
    gaps.length = 0;
    const { stored, streamed } = await ask('Which football team won the league in 1998?');
    expect(stored).toMatchObject({ outcome: 'abstained', content: expect.stringMatching(/don't know/) });
    expect(stored!.citations).toEqual([]);
    expect(stored!.offersHandoff).toBe(false);
    expect(streamed).toBe('');
    expect(gaps).toEqual([
      expect.objectContaining({ chatbotId: bot.id, question: 'Which football team won the league in 1998?' }),
    ]);
  });

  it('answers a message once, however often it is asked to', async () => {
    const { stored, message } = await ask('How long does a refund take?');
    const again = await answerMessage(deps(), { messageId: message.id });
    expect(again!.id).toBe(stored!.id);
    const replies = await database.db.select().from(messages).where(eq(messages.replyToId, message.id));
    expect(replies).toHaveLength(1);
  });

  it('counts messages and answers per day for usage', async () => {
    const before = await database.db.select().from(usageDaily).where(eq(usageDaily.chatbotId, bot.id));
    await ask('How long does a refund take?');
    const [after] = await database.db.select().from(usageDaily).where(eq(usageDaily.chatbotId, bot.id));
    expect(after!.messages - (before[0]?.messages ?? 0)).toBe(1);
    expect(after!.aiAnswers - (before[0]?.aiAnswers ?? 0)).toBe(1);
    // Tokens are split by the provider that spent them, for the Usage page.
    const [tokens] = await database.db
      .select()
      .from(usageTokensDaily)
      .where(eq(usageTokensDaily.workspaceId, bot.workspaceId));
    expect(tokens!.provider).toBe('offline');
    expect(tokens!.tokensIn).toBeGreaterThan(0);
  });

  it('past the monthly message or token limit: the fallback and the offer of a person, no AI', async () => {
    await setSettings({ handoffPolicy: 'never', fallbackMessage: 'Sorry, I cannot answer that just now.' });
    for (const limits of [{ monthlyMessageLimit: 0 }, { monthlyTokenLimit: 1 }]) {
      await database.db.update(workspaces).set(limits).where(eq(workspaces.id, bot.workspaceId));
      try {
        const { stored } = await ask('How long does a refund take?');
        expect(stored).toMatchObject({
          outcome: 'over_limit',
          content: 'Sorry, I cannot answer that just now.',
          provider: null,
          offersHandoff: true,
        });
      } finally {
        await database.db
          .update(workspaces)
          .set({ monthlyMessageLimit: 50_000, monthlyTokenLimit: 20_000_000 })
          .where(eq(workspaces.id, bot.workspaceId));
      }
    }
    await setSettings({});
  });

  it('answers the polite unavailable message while an admin has suspended the workspace', async () => {
    await database.db.update(workspaces).set({ suspendedAt: new Date() }).where(eq(workspaces.id, bot.workspaceId));
    try {
      const { stored } = await ask('How long does a refund take?');
      expect(stored).toMatchObject({ outcome: 'unavailable', content: UNAVAILABLE_MESSAGE, provider: null });
    } finally {
      await database.db.update(workspaces).set({ suspendedAt: null }).where(eq(workspaces.id, bot.workspaceId));
    }
    expect((await ask('How long does a refund take?')).stored).toMatchObject({ outcome: 'answered' });
  });

  it('leaves the conversation to people in human-only mode or after a takeover', async () => {
    await setSettings({ responseMode: 'human' });
    expect((await ask('How long does a refund take?')).stored).toBeNull();
    await setSettings({});
    const { conversation, message } = await visitorSays('How long does a refund take?');
    await database.db.update(conversations).set({ handler: 'human' }).where(eq(conversations.id, conversation.id));
    expect(await answerMessage(deps(), { messageId: message.id })).toBeNull();
  });
});

describe('offering a person', () => {
  it('follows the handoff policy: on low confidence only when it could not answer, always when told to', async () => {
    await setSettings({ handoffPolicy: 'on_low_confidence' });
    expect((await ask('Which football team won the league in 1998?')).stored!.offersHandoff).toBe(true);
    expect((await ask('How long do I have to return unworn shoes?')).stored!.offersHandoff).toBe(false);
    await setSettings({ handoffPolicy: 'always_offer' });
    expect((await ask('How long do I have to return unworn shoes?')).stored!.offersHandoff).toBe(true);
    await setSettings({ handoffPolicy: 'never' });
    expect((await ask('Which football team won the league in 1998?')).stored!.offersHandoff).toBe(false);
    await setSettings({});
  });
});
