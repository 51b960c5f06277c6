import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { knowledgeGapQuestions, knowledgeGaps, knowledgeSources, type TChatbot } from '../../../db/schema';
import { createTestChatbot } from '../../../tests/factories/chatbots';
import { createTestWorkspace } from '../../../tests/factories/workspaces';
import { createTestApp, recordingJobs, type TTestApp } from '../../../tests/helpers/app';
import { AppError } from '../../errors';
import type { TWorkspaceRole } from '../workspaces/workspaces';
import { cosine, offlineEmbedder, offlineVector } from './embedder';
import { answerGap, dismissGap, gapDistanceFor, listGaps, recordGap, reopenGap, type TGapReport } from './gaps';

let h: TTestApp;
let database: Database;
let bot: TChatbot;
let otherBot: TChatbot;
const deps = () => ({ db: database.db, embedder: offlineEmbedder });
const report = (question: string, extra: Partial<TGapReport> = {}): TGapReport => ({
  workspaceId: bot.workspaceId,
  chatbotId: bot.id,
  question,
  reason: 'low_confidence',
  topScore: 0.05,
  ...extra,
});
const ctxFor = (workspaceId: string, role: TWorkspaceRole = 'admin') => {
  const { jobs, sent } = recordingJobs();
  return {
    ctx: {
      db: database.db,
      user: { id: 'u', email: 'u@example.test' },
      workspace: { id: workspaceId, role },
      env: { NODE_ENV: 'test' as const },
      jobs,
    },
    sent,
  };
};

beforeAll(async () => {
  h = await createTestApp();
  database = h.database;
  bot = await createTestChatbot(database.db, { name: 'Shop' });
  otherBot = await createTestChatbot(database.db, { name: 'Elsewhere' });
});
afterAll(() => h.close());

const distance = (a: string, b: string) => 1 - cosine(offlineVector(a), offlineVector(b));

describe('the grouping threshold of the offline embedder', () => {
  const threshold = gapDistanceFor(offlineEmbedder.model);
  // Rewordings a visitor might type that keep the key words.
  const paraphrases = [
    ['How do I return my shoes?', 'Can I return shoes?', 'how to return shoes', 'return shoes I bought'],
    ['What is your return policy for shoes?', 'How do I return my shoes?'],
    ['Do you ship to Canada?', 'Can you ship to Canada?', 'shipping to canada'],
    ['Is there a student discount?', 'student discount?', 'Do students get a discount?', 'any discount for students'],
    ['How long does delivery take?', 'How long will delivery take to Germany?'],
  ];
  // Different questions, most sharing a word with each other: one answer would not answer both.
  const different = [
    ['Do you ship to Canada?', 'Do you have a store in Canada?'],
    ['How long does delivery take?', 'How long does the battery last?'],
    ['Can I return shoes?', 'What shoe sizes do you have?'],
    ['Is there a student discount?', 'Is there a discount code for Black Friday?'],
    ['Can I pay with PayPal?', 'Can I pay in instalments?'],
    ['How do I reset my password?', 'How do I change my email address?'],
    ['Do you ship to Canada?', 'Is there a student discount?'],
  ];

  it('groups rewordings that keep the key words', () => {
    for (const group of paraphrases)
      for (const a of group) for (const b of group) expect([a, b, distance(a, b) <= threshold]).toEqual([a, b, true]);
  });

  it('keeps different questions apart, even when they share a word', () => {
    for (const [a, b] of different) expect([a, b, distance(a!, b!) > threshold]).toEqual([a, b, true]);
  });
});

describe('recordGap', () => {
  it('groups similar questions on one gap, counts them and keeps every wording', async () => {
    const first = await recordGap(deps(), report('How do I return my shoes?'));
    const second = await recordGap(
      deps(),
      report('  Can I return   shoes? ', { reason: 'thumbs_down', topScore: null }),
    );
    const third = await recordGap(deps(), report('Do you have a store in Canada?', { reason: 'no_answer' }));
    expect(first).toMatchObject({ isNew: true });
    expect(second).toEqual({ gapId: first!.gapId, isNew: false });
    expect(third!.isNew).toBe(true);

    const [gap] = await database.db.select().from(knowledgeGaps).where(eq(knowledgeGaps.id, first!.gapId));
    expect(gap).toMatchObject({
      question: 'How do I return my shoes?',
      count: 2,
      status: 'open',
      embeddingModel: offlineEmbedder.model,
      workspaceId: bot.workspaceId,
    });
    expect(gap!.lastAskedAt.getTime()).toBeGreaterThanOrEqual(gap!.firstAskedAt.getTime());
    const questions = await database.db
      .select({ question: knowledgeGapQuestions.question, reason: knowledgeGapQuestions.reason })
      .from(knowledgeGapQuestions)
      .where(eq(knowledgeGapQuestions.gapId, first!.gapId));
    expect(questions).toEqual(
      expect.arrayContaining([
        { question: 'How do I return my shoes?', reason: 'low_confidence' },
        // Whitespace is tidied: wordings are shown on the page.
        { question: 'Can I return shoes?', reason: 'thumbs_down' },
      ]),
    );
  });

  it('never groups across chatbots, and refuses a chatbot of another workspace', async () => {
    const here = await recordGap(deps(), report('Is there a student discount?'));
    const there = await recordGap(deps(), {
      ...report('Is there a student discount?'),
      workspaceId: otherBot.workspaceId,
      chatbotId: otherBot.id,
    });
    expect(there!.gapId).not.toBe(here!.gapId);
    await expect(
      recordGap(deps(), { ...report('Is there a student discount?'), chatbotId: otherBot.id }),
    ).rejects.toBeInstanceOf(AppError);
  });

  it('makes one gap when the same new question is recorded many times at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => recordGap(deps(), report('Can I pay with PayPal?'))),
    );
    expect(new Set(results.map((r) => r!.gapId)).size).toBe(1);
    const [gap] = await database.db.select().from(knowledgeGaps).where(eq(knowledgeGaps.id, results[0]!.gapId));
    expect(gap!.count).toBe(6);
  });

  it('ignores empty questions and does not group with gaps of another model', async () => {
    expect(await recordGap(deps(), report('   '))).toBeNull();
    const other = { ...offlineEmbedder, model: 'another-model' };
    const a = await recordGap({ db: database.db, embedder: other }, report('Do you gift wrap?'));
    const b = await recordGap(deps(), report('Do you gift wrap?'));
    expect(b!.gapId).not.toBe(a!.gapId);
  });
});

describe('listGaps, answerGap, dismissGap, reopenGap', () => {
  let listBot: TChatbot;
  beforeAll(async () => {
    listBot = await createTestChatbot(database.db, { name: 'Lister' });
    const ask = (question: string) =>
      recordGap(deps(), { ...report(question), workspaceId: listBot.workspaceId, chatbotId: listBot.id });
    for (const q of ['Do you ship to Canada?', 'Can you ship to Canada?', 'shipping to canada', 'ship to Canada?'])
      await ask(q);
    await ask('Is there a student discount?');
    for (const q of ['How long does delivery take?', 'How long does delivery take?']) await ask(q);
  });

  it('lists by count, then by the most recent, with distinct recent wordings and counts per status', async () => {
    const { ctx } = ctxFor(listBot.workspaceId, 'agent');
    const { gaps, counts } = await listGaps(ctx, { chatbotId: listBot.id, status: 'open' });
    expect(gaps.map((g) => [g.question, g.count])).toEqual([
      ['Do you ship to Canada?', 4],
      ['How long does delivery take?', 2],
      ['Is there a student discount?', 1],
    ]);
    expect(gaps[0]!.wordings.map((w) => w.question)).toEqual([
      'ship to Canada?',
      'shipping to canada',
      'Can you ship to Canada?',
    ]);
    // The same wording twice is shown once.
    expect(gaps[1]!.wordings.map((w) => w.question)).toEqual(['How long does delivery take?']);
    expect(counts).toEqual({ open: 3, resolved: 0, dismissed: 0 });

    // Equal counts: the one asked last comes first.
    await recordGap(deps(), {
      ...report('student discount?'),
      workspaceId: listBot.workspaceId,
      chatbotId: listBot.id,
    });
    const again = await listGaps(ctx, { chatbotId: listBot.id, status: 'open' });
    expect(again.gaps.map((g) => g.question).slice(1)).toEqual([
      'Is there a student discount?',
      'How long does delivery take?',
    ]);
  });

  it('answers a gap: one FAQ pair, queued after commit, and the gap resolved by it', async () => {
    const { ctx, sent } = ctxFor(listBot.workspaceId);
    const { gaps } = await listGaps(ctx, { chatbotId: listBot.id, status: 'open' });
    const gap = gaps[0]!;
    const result = await answerGap(ctx, { gapId: gap.id, answer: 'Yes, we ship to Canada in 5–8 working days.' });
    expect(result.gap).toMatchObject({ id: gap.id, status: 'resolved', resolvedSourceId: result.source.id });
    expect(result.source).toMatchObject({ kind: 'faq', title: 'Do you ship to Canada?', status: 'pending' });
    expect(sent).toEqual([{ name: 'source.ingest', data: { sourceId: result.source.id } }]);

    const resolved = await listGaps(ctx, { chatbotId: listBot.id, status: 'resolved' });
    expect(resolved.gaps).toHaveLength(1);
    expect(resolved.gaps[0]!.resolvedSource).toEqual({
      id: result.source.id,
      title: 'Do you ship to Canada?',
      status: 'pending',
    });
    expect(resolved.counts).toMatchObject({ open: 2, resolved: 1 });

    await expect(answerGap(ctx, { gapId: gap.id, answer: 'Again' })).rejects.toThrow(/already answered/);
  });

  it('uses a reworded question when given', async () => {
    const { ctx } = ctxFor(listBot.workspaceId);
    const { gaps } = await listGaps(ctx, { chatbotId: listBot.id, status: 'open' });
    const gap = gaps.find((g) => g.question === 'How long does delivery take?')!;
    const { source } = await answerGap(ctx, {
      gapId: gap.id,
      question: 'How long does delivery take within the EU?',
      answer: 'Two to three working days.',
    });
    expect(source.title).toBe('How long does delivery take within the EU?');
    await reopenGap(ctx, { gapId: gap.id });
  });

  it('writes nothing when resolving the gap fails (no pair without its gap, nor queued job)', async () => {
    const { ctx, sent } = ctxFor(listBot.workspaceId);
    const { gaps } = await listGaps(ctx, { chatbotId: listBot.id, status: 'open' });
    const gap = gaps.find((g) => g.question === 'Is there a student discount?')!;
    const sourcesBefore = await database.db.select({ n: count() }).from(knowledgeSources);
    // A trigger stands in for any failure after the pair is written (a lost connection, a constraint).
    await database.executeSql(
      `create function fail_gap_update() returns trigger language plpgsql as $$
        begin raise exception 'simulated failure'; end $$;
        create trigger fail_gap_update before update on knowledge_gaps for each row execute function fail_gap_update();`,
    );
    try {
      await expect(answerGap(ctx, { gapId: gap.id, answer: '10% off with a valid student card.' })).rejects.toThrow();
    } finally {
      await database.executeSql('drop trigger fail_gap_update on knowledge_gaps; drop function fail_gap_update();');
    }
    expect(await database.db.select({ n: count() }).from(knowledgeSources)).toEqual(sourcesBefore);
    expect(sent).toEqual([]);
    const [row] = await database.db.select().from(knowledgeGaps).where(eq(knowledgeGaps.id, gap.id));
    expect(row).toMatchObject({ status: 'open', resolvedSourceId: null });
  });

  it('dismisses and reopens, refusing moves that make no sense', async () => {
    const { ctx } = ctxFor(listBot.workspaceId);
    const { gaps } = await listGaps(ctx, { chatbotId: listBot.id, status: 'open' });
    const gap = gaps.at(-1)!;
    expect(await dismissGap(ctx, { gapId: gap.id })).toMatchObject({ status: 'dismissed' });
    await expect(dismissGap(ctx, { gapId: gap.id })).rejects.toThrow('Only an open gap can be dismissed.');
    expect((await listGaps(ctx, { chatbotId: listBot.id, status: 'dismissed' })).gaps.map((g) => g.id)).toEqual([
      gap.id,
    ]);
    expect(await reopenGap(ctx, { gapId: gap.id })).toMatchObject({ status: 'open' });
    await expect(reopenGap(ctx, { gapId: gap.id })).rejects.toThrow('This gap is already open.');

    // Reopening a resolved gap clears its answer link; the FAQ pair itself stays.
    const [resolved] = (await listGaps(ctx, { chatbotId: listBot.id, status: 'resolved' })).gaps;
    expect(await reopenGap(ctx, { gapId: resolved!.id })).toMatchObject({ status: 'open', resolvedSourceId: null });
    const [source] = await database.db
      .select()
      .from(knowledgeSources)
      .where(eq(knowledgeSources.id, resolved!.resolvedSource!.id));
    expect(source).toBeDefined();
  });

  it('answers NOT_FOUND for another workspace’s gap or chatbot, and for malformed ids', async () => {
    const stranger = await createTestWorkspace(database.db);
    const { ctx, sent } = ctxFor(stranger.workspace.id);
    const [gap] = (await listGaps(ctxFor(listBot.workspaceId).ctx, { chatbotId: listBot.id, status: 'open' })).gaps;
    await expect(listGaps(ctx, { chatbotId: listBot.id, status: 'open' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const gapId of [gap!.id, 'not-a-uuid']) {
      await expect(answerGap(ctx, { gapId, answer: 'Planted.' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(dismissGap(ctx, { gapId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(reopenGap(ctx, { gapId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(sent).toEqual([]);
  });
});
