import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { knowledgeGaps, knowledgeSources, type TUser } from '../../../../db/schema';
import { createTestChatbot } from '../../../../tests/factories/chatbots';
import { createTestTeam, createTestWorkspace } from '../../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../../tests/helpers/app';
import { offlineEmbedder } from '../../../services/knowledge/embedder';
import { recordGap } from '../../../services/knowledge/gaps';
import { ingestSource } from '../../../services/knowledge/ingest';

type TTeam = Awaited<ReturnType<typeof createTestTeam>>;
type TBot = Awaited<ReturnType<typeof createTestChatbot>>;

let h: TTestApp;
let team: TTeam;
let bot: TBot;
let other: { workspace: { id: string }; owner: TUser };

const ask = (question: string, chatbot: TBot = bot) =>
  recordGap(
    { db: h.db, embedder: offlineEmbedder },
    { workspaceId: chatbot.workspaceId, chatbotId: chatbot.id, question, reason: 'low_confidence', topScore: 0.02 },
  );

beforeAll(async () => {
  h = await createTestApp();
  team = await createTestTeam(h.db, { name: 'Acme' });
  bot = await createTestChatbot(h.db, { workspaceId: team.workspace.id, name: 'Helper' });
  other = await createTestWorkspace(h.db, { name: 'Elsewhere' });
  for (const question of [
    'Do you ship to Canada?',
    'Can you ship to Canada?',
    'shipping to canada',
    'Is there a student discount?',
    'Do students get a discount?',
    'Can I pay with PayPal?',
  ])
    await ask(question);
});
afterAll(() => h.close());
beforeEach(() => {
  h.sent.length = 0;
});

const ws = () => ({ workspaceId: team.workspace.id });
const gapCount = async () => (await h.db.select({ n: count() }).from(knowledgeGaps))[0]!.n;

describe('gap router', () => {
  it('lets an agent list open gaps grouped and ordered by how often they were asked', async () => {
    const { gaps, counts } = await (await h.as(team.agent)).knowledge.gap.list({ ...ws(), chatbotId: bot.id });
    expect(gaps.map((gap) => [gap.question, gap.count])).toEqual([
      ['Do you ship to Canada?', 3],
      ['Is there a student discount?', 2],
      ['Can I pay with PayPal?', 1],
    ]);
    expect(gaps[1]!.wordings.map((w) => w.question)).toEqual([
      'Do students get a discount?',
      'Is there a student discount?',
    ]);
    expect(counts).toEqual({ open: 3, resolved: 0, dismissed: 0 });
  });

  it('answers a gap with an FAQ pair that ingestion makes ready and retrieval then finds', async () => {
    const admin = await h.as(team.admin);
    const [gap] = (await admin.knowledge.gap.list({ ...ws(), chatbotId: bot.id })).gaps;
    const answer = 'Yes. Parcels to Canada take 5 to 8 working days; duties are paid on delivery.';
    const result = await admin.knowledge.gap.answer({ ...ws(), gapId: gap!.id, answer });
    expect(result.gap).toMatchObject({ status: 'resolved', resolvedSourceId: result.source.id });
    // Queued for ingestion at once, like any new pair.
    expect(h.sent).toEqual([{ name: 'source.ingest', data: { sourceId: result.source.id } }]);

    await ingestSource(
      { db: h.db, bus: { publish: async () => 'event' }, embedder: offlineEmbedder },
      result.source.id,
    );
    const sources = await admin.knowledge.source.list({ ...ws(), chatbotId: bot.id });
    expect(sources).toEqual([
      expect.objectContaining({ id: result.source.id, kind: 'faq', title: 'Do you ship to Canada?', status: 'ready' }),
    ]);
    const { passages } = await admin.knowledge.source.search({
      ...ws(),
      chatbotId: bot.id,
      query: 'shipping to canada',
    });
    expect(passages[0]).toMatchObject({ sourceId: result.source.id, headingPath: 'Do you ship to Canada?' });
    expect(passages[0]!.content).toContain('5 to 8 working days');

    const resolved = await admin.knowledge.gap.list({ ...ws(), chatbotId: bot.id, status: 'resolved' });
    expect(resolved.gaps.map((g) => [g.id, g.resolvedSource?.status])).toEqual([[gap!.id, 'ready']]);
    expect(resolved.counts).toEqual({ open: 2, resolved: 1, dismissed: 0 });
  });

  it('dismisses and reopens (admins only)', async () => {
    const admin = await h.as(team.admin);
    const { gaps } = await admin.knowledge.gap.list({ ...ws(), chatbotId: bot.id });
    const gap = gaps.at(-1)!;
    await expect((await h.as(team.agent)).knowledge.gap.dismiss({ ...ws(), gapId: gap.id })).toFailWith({
      code: 'FORBIDDEN',
    });
    expect(await admin.knowledge.gap.dismiss({ ...ws(), gapId: gap.id })).toMatchObject({ status: 'dismissed' });
    expect((await admin.knowledge.gap.list({ ...ws(), chatbotId: bot.id, status: 'dismissed' })).gaps).toHaveLength(1);
    await expect(admin.knowledge.gap.dismiss({ ...ws(), gapId: gap.id })).toFailWith({
      code: 'PRECONDITION_FAILED',
      message: 'Only an open gap can be dismissed.',
    });
    expect(await admin.knowledge.gap.reopen({ ...ws(), gapId: gap.id })).toMatchObject({ status: 'open' });
  });

  it('marks a gap resolved when a change to the knowledge answers it, without a new FAQ pair', async () => {
    const admin = await h.as(team.admin);
    const { gaps } = await admin.knowledge.gap.list({ ...ws(), chatbotId: bot.id });
    const gap = gaps.at(-1)!;
    const sourcesBefore = (await h.db.select({ n: count() }).from(knowledgeSources))[0]!.n;
    expect(await admin.knowledge.gap.resolve({ ...ws(), gapId: gap.id })).toMatchObject({ status: 'resolved' });
    expect((await h.db.select({ n: count() }).from(knowledgeSources))[0]!.n).toBe(sourcesBefore);
    await expect(admin.knowledge.gap.resolve({ ...ws(), gapId: gap.id })).toFailWith({
      code: 'PRECONDITION_FAILED',
      message: 'Only an open gap can be marked resolved.',
    });
    await admin.knowledge.gap.reopen({ ...ws(), gapId: gap.id });
  });

  it('refuses bad input with a sentence per field, writing nothing', async () => {
    const admin = await h.as(team.admin);
    const [gap] = (await admin.knowledge.gap.list({ ...ws(), chatbotId: bot.id })).gaps;
    const sourcesBefore = (await h.db.select({ n: count() }).from(knowledgeSources))[0]!.n;
    await expect(admin.knowledge.gap.answer({ ...ws(), gapId: gap!.id, answer: '   ' })).toFailWith({
      code: 'BAD_REQUEST',
      fieldErrors: { answer: ['Enter the answer.'] },
    });
    await expect(
      admin.knowledge.gap.answer({ ...ws(), gapId: gap!.id, question: 'x'.repeat(301), answer: 'Fine.' }),
    ).toFailWith({ fieldErrors: { question: ['Keep the question to 300 characters or fewer.'] } });
    await expect(admin.knowledge.gap.answer({ ...ws(), gapId: gap!.id, answer: 'y'.repeat(5001) })).toFailWith({
      fieldErrors: { answer: ['Keep the answer to 5,000 characters or fewer.'] },
    });
    await expect(admin.knowledge.gap.list({ ...ws(), chatbotId: bot.id, status: 'closed' as never })).toFailWith({
      fieldErrors: { status: ['Show open, resolved or dismissed gaps.'] },
    });
    await expect(admin.knowledge.gap.answer({ ...ws(), gapId: 'nope', answer: 'Fine.' })).toFailWith({
      code: 'NOT_FOUND',
      message: "We couldn't find that knowledge gap.",
    });
    expect((await h.db.select({ n: count() }).from(knowledgeSources))[0]!.n).toBe(sourcesBefore);
    expect(h.sent).toEqual([]);
  });

  it('never shows or changes a gap to another workspace, even with its ids', async () => {
    const [gap] = (await (await h.as(team.agent)).knowledge.gap.list({ ...ws(), chatbotId: bot.id })).gaps;
    const outsider = await h.as(other.owner);
    const before = await gapCount();
    // Their own workspace, our ids.
    const theirs = { workspaceId: other.workspace.id };
    await expect(outsider.knowledge.gap.list({ ...theirs, chatbotId: bot.id })).toFailWith({
      code: 'NOT_FOUND',
    });
    for (const call of [
      () => outsider.knowledge.gap.answer({ ...theirs, gapId: gap!.id, answer: 'Planted.' }),
      () => outsider.knowledge.gap.dismiss({ ...theirs, gapId: gap!.id }),
      () => outsider.knowledge.gap.reopen({ ...theirs, gapId: gap!.id }),
    ])
      await expect(call()).toFailWith({ code: 'NOT_FOUND', message: "We couldn't find that knowledge gap." });
    // Our workspace id: not a member.
    await expect(outsider.knowledge.gap.list({ ...ws(), chatbotId: bot.id })).toFailWith({
      code: 'NOT_FOUND',
    });

    const [row] = await h.db.select().from(knowledgeGaps).where(eq(knowledgeGaps.id, gap!.id));
    expect(row).toMatchObject({ status: 'open', resolvedSourceId: null });
    expect(await gapCount()).toBe(before);
    expect(h.sent).toEqual([]);
  });
});
