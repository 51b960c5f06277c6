import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, messages } from '../../../db/schema';
import { createTestWorkspace } from '../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { createLiveChatbot } from '../../../tests/helpers/widget';
import { findOverdueMessages } from './recovery';

let h: TTestApp;
let bot: Awaited<ReturnType<typeof createLiveChatbot>>;
let humanOnly: Awaited<ReturnType<typeof createLiveChatbot>>;
let counter = 0;

beforeAll(async () => {
  h = await createTestApp();
  const { workspace } = await createTestWorkspace(h.db);
  bot = await createLiveChatbot(h.db, { workspaceId: workspace.id, name: 'Shoe Help' });
  humanOnly = await createLiveChatbot(h.db, {
    workspaceId: workspace.id,
    name: 'People only',
    settings: { responseMode: 'human' },
  });
});
afterAll(() => h.close());

/** A visitor's message (no answer: the test app's answer runner only records), sent `minutesAgo`. */
async function visitorMessage(widget: Awaited<ReturnType<TTestApp['newVisitor']>>['widget'], minutesAgo: number) {
  const sent = await widget.send({ content: `Question ${++counter}`, clientId: `recovery-message-${counter}` });
  await h.db
    .update(messages)
    .set({ createdAt: sql`now() - ${`${minutesAgo} minutes`}::interval` })
    .where(eq(messages.id, sent.id));
  return sent;
}

const overdueIds = async () => (await findOverdueMessages(h.db)).map((row) => row.messageId);

describe('recovering answers a stopped process left owed', () => {
  it('answers only the latest unanswered message of a conversation the bot handles, within a short window', async () => {
    const { widget } = await h.newVisitor(bot.publicKey);
    const older = await visitorMessage(widget, 6);
    const latest = await visitorMessage(widget, 5);

    // Something came after it (a person's line): it is out of context now.
    const other = await h.newVisitor(bot.publicKey);
    const superseded = await visitorMessage(other.widget, 5);
    await h.db.insert(messages).values({
      workspaceId: bot.workspaceId,
      conversationId: superseded.conversationId,
      role: 'system',
      content: 'Agnes left the conversation.',
      createdAt: sql`now() - interval '4 minutes'` as never,
    });

    const tooOld = await visitorMessage((await h.newVisitor(bot.publicKey)).widget, 45);
    const tooRecent = await visitorMessage((await h.newVisitor(bot.publicKey)).widget, 0);
    const humanMode = await visitorMessage((await h.newVisitor(humanOnly.publicKey)).widget, 5);

    const takenOver = await visitorMessage((await h.newVisitor(bot.publicKey)).widget, 5);
    await h.db.update(conversations).set({ handler: 'human' }).where(eq(conversations.id, takenOver.conversationId));

    const ids = await overdueIds();
    expect(ids).toContain(latest.id);
    for (const skipped of [older, superseded, tooOld, tooRecent, humanMode, takenOver])
      expect(ids).not.toContain(skipped.id);
  });

  it('leaves a message alone once the bot has replied to it', async () => {
    const { widget } = await h.newVisitor(bot.publicKey);
    const question = await visitorMessage(widget, 5);
    expect(await overdueIds()).toContain(question.id);
    await h.db.insert(messages).values({
      workspaceId: bot.workspaceId,
      conversationId: question.conversationId,
      role: 'bot',
      content: 'Here you go.',
      replyToId: question.id,
    });
    expect(await overdueIds()).not.toContain(question.id);
  });
});
