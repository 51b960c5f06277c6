import fs from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeys,
  chatbots,
  conversations,
  knowledgeSources,
  users,
  visitors,
  webhookEndpoints,
  workspaces,
} from '../../../db/schema';
import { createTestChatbot, createTestConversation, createTestSource } from '../../../tests/factories/chatbots';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { failureOf, fileTestApp } from '../../../tests/helpers/app';
import { testLog } from '../../../tests/helpers/log';
import { scanDatabase } from '../../../tests/helpers/scan';
import { answerMessage } from '../answering/answer';
import { offlineProvider } from '../answering/providers';
import { receiveVisitorMessage } from '../conversations/messages';
import { offlineEmbedder } from '../knowledge/embedder';
import { ingestSource } from '../knowledge/ingest';
import { runExport } from './jobs';

const h = fileTestApp();
const fixture = (name: string) => fs.readFileSync(`tests/fixtures/knowledge/${name}`, 'utf8');
const QUESTIONS = [
  'Can I return shoes I have already worn outside?',
  'How long does a refund take?',
  'Do you ship abroad?',
  'Gift wrap?',
];

type TTeam = Awaited<ReturnType<typeof createTestTeam>>;
let team: TTeam;
let other: TTeam;
let botId: string;
let otherBotName: string;
let keySecret: string;

const ingest = (sourceId: string) => ingestSource({ db: h.db, bus: h.bus, embedder: offlineEmbedder }, sourceId);

/** Asks a chatbot the way the widget does, answered offline; the answer and the titles it cites. */
async function ask(chatbotId: string, workspaceId: string, content: string) {
  const [visitor] = await h.db.insert(visitors).values({ workspaceId, chatbotId }).returning();
  const [conversation] = await h.db
    .insert(conversations)
    .values({ workspaceId, chatbotId, visitorId: visitor!.id, channel: 'widget' })
    .returning();
  const { message } = await receiveVisitorMessage(
    { db: h.db, bus: h.bus },
    { conversation: conversation!, content, clientId: `c-${crypto.randomUUID()}` },
  );
  const deps = { db: h.db, database: h.database, bus: h.bus, embedder: offlineEmbedder, provider: offlineProvider };
  const stored = await answerMessage({ ...deps, log: testLog }, { messageId: message.id });
  return { content: stored?.content, titles: [...new Set((stored?.citations ?? []).map((c) => c.title))].sort() };
}

/** Exports the team's workspace through the procedures and the job; the ZIP's members. */
async function exportZip(of: TTeam) {
  const owner = await h.as(of.owner);
  const requested = await owner.privacy.requestWorkspaceExport({ workspaceId: of.workspace.id });
  await runExport({ db: h.db, env: h.env, jobs: h.jobs }, requested.id);
  const [ready] = await owner.privacy.workspaceExports({ workspaceId: of.workspace.id });
  expect(ready).toMatchObject({ status: 'ready', progress: 100 });
  const file = await owner.privacy.downloadWorkspaceExport({ workspaceId: of.workspace.id, exportId: requested.id });
  return { base64: file.base64, files: unzipSync(Buffer.from(file.base64, 'base64')) };
}

const workspaceCount = async () => (await h.db.select({ n: count() }).from(workspaces))[0]!.n;

beforeAll(async () => {
  team = await createTestTeam(h.db, { name: 'Shoe shop' });
  other = await createTestTeam(h.db, { name: 'Other shop' });
  const bot = await createTestChatbot(h.db, { workspaceId: team.workspace.id, name: 'Shoe Help' });
  botId = bot.id;
  for (const [title, file] of [
    ['Returns and refunds', 'returns.md'],
    ['Shipping', 'shipping.md'],
    ['Payments', 'payments.md'],
  ] as const) {
    await ingest((await createTestSource(h.db, { chatbot: bot, title, content: fixture(file) })).id);
  }
  await ingest(
    (await createTestSource(h.db, { chatbot: bot, kind: 'faq', title: 'Gift wrap?', content: 'Yes, for 3 euros.' })).id,
  );
  await createTestConversation(h.db, bot);
  await h.db
    .insert(webhookEndpoints)
    .values({ workspaceId: team.workspace.id, url: 'https://hooks.example/a', events: [], secret: 'whsec_topsecret1' });
  const key = await (
    await h.as(team.owner)
  ).developer.createKey({ workspaceId: team.workspace.id, name: 'CI', scopes: ['chatbots:read'] });
  keySecret = key.secret;
  const otherBot = await createTestChatbot(h.db, { workspaceId: other.workspace.id, name: 'Elsewhere Bot' });
  otherBotName = otherBot.name;
  await createTestSource(h.db, { chatbot: otherBot, title: 'Other secret doc', content: 'Not for the shoe shop.' });
});

describe('workspace export', () => {
  it('holds chatbots, knowledge, conversations as JSON and CSV, visitors and figures, and no secret', async () => {
    const { files } = await exportZip(team);
    expect(Object.keys(files).sort()).toEqual(
      expect.arrayContaining([
        'workspace.json',
        'faq.json',
        'conversations.json',
        'conversations.csv',
        'messages.csv',
        'visitors.json',
        'analytics.json',
      ]),
    );
    const manifest = JSON.parse(strFromU8(files['workspace.json']!));
    expect(manifest.chatbots).toHaveLength(1);
    expect(manifest.chatbots[0].sources.map((s: { title: string }) => s.title)).toContain('Shipping');
    expect(JSON.parse(strFromU8(files['faq.json']!))).toEqual([
      { chatbotId: botId, question: 'Gift wrap?', answer: 'Yes, for 3 euros.' },
    ]);
    expect(strFromU8(files['messages.csv']!)).toContain('Do you ship abroad?');
    expect(JSON.parse(strFromU8(files['analytics.json']!))).toMatchObject({ chatbots: 1, conversations: 1 });

    const text = Object.values(files)
      .map((data) => strFromU8(data))
      .join('\n');
    const [bot] = await h.db.select().from(chatbots).where(eq(chatbots.id, botId));
    const [key] = await h.db.select().from(apiKeys).where(eq(apiKeys.workspaceId, team.workspace.id));
    const [owner] = await h.db.select().from(users).where(eq(users.id, team.owner.id));
    for (const secret of [bot!.webhookSecret, 'whsec_topsecret1', key!.secretHash, keySecret, owner!.passwordHash!]) {
      expect(text).not.toContain(secret);
    }
    for (const foreign of [other.workspace.id, otherBotName, 'Other secret doc']) expect(text).not.toContain(foreign);
  });

  it('is for admins and owners of the workspace only', async () => {
    const agent = await h.as(team.agent);
    expect((await failureOf(agent.privacy.workspaceExports({ workspaceId: team.workspace.id }))).code).toBe(
      'FORBIDDEN',
    );
    const stranger = await h.as(other.owner);
    const [mine] = await (await h.as(team.owner)).privacy.workspaceExports({ workspaceId: team.workspace.id });
    const refused = await failureOf(
      stranger.privacy.downloadWorkspaceExport({ workspaceId: other.workspace.id, exportId: mine!.id }),
    );
    expect(refused.code).toBe('NOT_FOUND');
  });
});

describe('workspace import', () => {
  it('round-trips: the imported chatbots answer the same questions with the same sources', async () => {
    const { base64 } = await exportZip(team);
    h.sent.length = 0;
    const owner = await h.as(other.owner);
    const imported = await owner.privacy.importWorkspace({
      name: 'Shoe copy',
      archive: base64,
      includeConversations: true,
    });
    expect(imported).toMatchObject({ name: 'Shoe copy', chatbots: 1, sources: 4 });
    // Re-ingested through the normal path: one ingest job per source.
    const jobs = h.sent.filter((job) => job.name === 'source.ingest');
    expect(jobs).toHaveLength(4);
    for (const job of jobs) await ingest((job.data as { sourceId: string }).sourceId);
    const [copy] = await h.db.select().from(chatbots).where(eq(chatbots.workspaceId, imported.id));
    expect(copy!.name).toBe('Shoe Help');
    let answered = 0;
    for (const question of QUESTIONS) {
      const before = await ask(botId, team.workspace.id, question);
      const after = await ask(copy!.id, imported.id, question);
      expect(after).toEqual(before);
      answered += before.titles.length > 0 ? 1 : 0;
    }
    expect(answered).toBeGreaterThanOrEqual(2);
    const history = await h.db.select().from(conversations).where(eq(conversations.workspaceId, imported.id));
    expect(history.length).toBeGreaterThan(0);
    // The importer owns the new workspace; nothing of theirs was touched.
    expect(await owner.workspace.get({ workspaceId: imported.id })).toMatchObject({ role: 'owner' });
  });

  it('leaves conversations out unless asked', async () => {
    const { base64 } = await exportZip(team);
    const owner = await h.as(other.owner);
    const imported = await owner.privacy.importWorkspace({
      name: 'Knowledge only',
      archive: base64,
      includeConversations: false,
    });
    expect(await h.db.select().from(conversations).where(eq(conversations.workspaceId, imported.id))).toEqual([]);
    expect(
      await h.db.select().from(knowledgeSources).where(eq(knowledgeSources.workspaceId, imported.id)),
    ).toHaveLength(4);
  });

  it('refuses a hostile or garbled archive with a clear message and writes nothing', async () => {
    const { files } = await exportZip(team);
    const manifest = JSON.parse(strFromU8(files['workspace.json']!));
    const withManifest = (value: unknown, extra: Record<string, Uint8Array> = {}) =>
      Buffer.from(zipSync({ ...files, 'workspace.json': strToU8(JSON.stringify(value)), ...extra })).toString('base64');
    const badSourceUrl = structuredClone(manifest);
    badSourceUrl.chatbots[0].sources.at(-1).url = 'http://127.0.0.1/admin';
    const badSettings = structuredClone(manifest);
    badSettings.chatbots[0].settings = { ...badSettings.chatbots[0].settings, temperature: 'hot' };
    const cases: [string, string, RegExp][] = [
      ['not a zip', Buffer.from('hello, not a zip').toString('base64'), /not a ZIP archive/],
      ['no manifest', Buffer.from(zipSync({ 'readme.txt': strToU8('hi') })).toString('base64'), /no workspace\.json/],
      ['another format', withManifest({ ...manifest, format: 'parley.chatbot' }), /not a Parley workspace export/],
      ['a wrong id', withManifest({ ...manifest, chatbots: [{ ...manifest.chatbots[0], id: '../x' }] }), /uuid/],
      ['a private address', withManifest(badSourceUrl), /.+/],
      ['bad settings', withManifest(badSettings), /.+/],
      [
        'a zip bomb',
        Buffer.from(zipSync({ 'workspace.json': new Uint8Array(101 * 1024 * 1024) })).toString('base64'),
        /more than 100 MB/,
      ],
    ];
    const owner = await h.as(other.owner);
    const before = await workspaceCount();
    h.sent.length = 0;
    for (const [what, archive, message] of cases) {
      const failure = await failureOf(
        owner.privacy.importWorkspace({ name: 'Hostile', archive, includeConversations: true }),
      );
      expect(failure.code, what).toBe('BAD_REQUEST');
      expect(failure.message, what).toMatch(message);
    }
    expect(await workspaceCount()).toBe(before);
    expect(h.sent.filter((job) => job.name === 'source.ingest')).toEqual([]);
  });
});

describe('workspace deletion', () => {
  it('leaves no trace of the workspace in any table, and another workspace is untouched', async () => {
    const doomed = await createTestTeam(h.db, { name: 'Doomed shop' });
    const bot = await createTestChatbot(h.db, { workspaceId: doomed.workspace.id, name: 'Doomed Bot' });
    const source = await createTestSource(h.db, { chatbot: bot, title: 'Doomed doc', content: fixture('sizing.md') });
    await ingest(source.id);
    const talk = await createTestConversation(h.db, bot);
    await ask(bot.id, doomed.workspace.id, 'What size should I take?');
    const [endpoint] = await h.db
      .insert(webhookEndpoints)
      .values({ workspaceId: doomed.workspace.id, url: 'https://hooks.example/d', events: [], secret: 'whsec_doomed1' })
      .returning();
    const owner = await h.as(doomed.owner);
    const key = await owner.developer.createKey({
      workspaceId: doomed.workspace.id,
      name: 'D',
      scopes: ['chatbots:read'],
    });
    await owner.privacy.requestWorkspaceExport({ workspaceId: doomed.workspace.id });
    const identifiers = [
      bot.id,
      bot.publicKey,
      source.id,
      talk.conversationId,
      talk.visitorId,
      endpoint!.id,
      key.key.id,
    ];
    expect((await scanDatabase(h.database, identifiers)).length).toBeGreaterThan(0);
    const kept = [botId, team.workspace.id];
    const keptBefore = await scanDatabase(h.database, kept);

    await owner.workspace.delete({ workspaceId: doomed.workspace.id, confirmName: 'Doomed shop' });

    expect(await scanDatabase(h.database, identifiers)).toEqual([]);
    // Only the audit entry saying who deleted it, and when, still names the workspace.
    const left = await scanDatabase(h.database, [doomed.workspace.id]);
    expect(left.every((hit) => hit.table === 'audit_log')).toBe(true);
    expect(await scanDatabase(h.database, kept)).toEqual(keptBefore);
  });
});
