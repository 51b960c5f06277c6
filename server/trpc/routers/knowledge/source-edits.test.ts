import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, knowledgeChunks, knowledgeSources } from '../../../../db/schema';
import { createTestChatbot } from '../../../../tests/factories/chatbots';
import { createTestTeam } from '../../../../tests/factories/workspaces';
import { countingEmbedder } from '../../../../tests/helpers/counting-embedder';
import { createTestApp, type TTestApp } from '../../../../tests/helpers/app';
import { offlineEmbedder } from '../../../services/knowledge/embedder';
import { ingestSource } from '../../../services/knowledge/ingest';
import { retrieve } from '../../../services/knowledge/retrieval';

let h: TTestApp;
let team: Awaited<ReturnType<typeof createTestTeam>>;
let bot: Awaited<ReturnType<typeof createTestChatbot>>;

beforeAll(async () => {
  h = await createTestApp();
  team = await createTestTeam(h.db, { name: 'Acme' });
  bot = await createTestChatbot(h.db, { workspaceId: team.workspace.id, name: 'Helper' });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sent.length = 0;
});

const ws = () => ({ workspaceId: team.workspace.id });
const section = (title: string, fact: string) =>
  `# ${title}\n\n${`${fact} `.repeat(30)}\n\nMore about ${title.toLowerCase()} follows in later sections of the guide.`;
const TEXT = [
  section('Shipping', 'We ship within three working days.'),
  section('Returns', 'Returns are free within thirty days.'),
  section('Warranty', 'Every product has a two year warranty.'),
].join('\n\n');

const counting = countingEmbedder;

describe('editing and renaming sources', () => {
  it('edits pasted text in place: only changed chunks are embedded, the rest keep their ids, answers follow', async () => {
    const admin = await h.as(team.admin);
    const created = await admin.knowledge.source.createText({
      ...ws(),
      chatbotId: bot.id,
      title: 'Guide',
      content: TEXT,
    });
    await ingestSource({ db: h.db, bus: h.bus, embedder: offlineEmbedder }, created.id);
    const before = await h.db.select().from(knowledgeChunks).where(eq(knowledgeChunks.sourceId, created.id));

    h.sent.length = 0;
    const edited = TEXT.replace(/three working days/g, 'five working days');
    const updated = await admin.knowledge.source.updateText({
      ...ws(),
      sourceId: created.id,
      title: 'Guide',
      content: edited,
    });
    expect(updated).toMatchObject({ id: created.id, status: 'pending' });
    expect(h.sent.filter((job) => job.name === 'source.ingest')).toEqual([
      expect.objectContaining({ data: { sourceId: created.id } }),
    ]);
    const count = counting();
    await ingestSource({ db: h.db, bus: h.bus, embedder: count.embedder }, created.id);
    const after = await h.db.select().from(knowledgeChunks).where(eq(knowledgeChunks.sourceId, created.id));
    const fresh = after.filter((chunk) => !before.some((old) => old.id === chunk.id));
    expect(count.texts()).toBe(fresh.length);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.length).toBeLessThan(after.length);

    const passages = await retrieve(
      { database: h.database, embedder: offlineEmbedder },
      { chatbotId: bot.id, query: 'How many working days does shipping take?', k: 8 },
    );
    expect(passages.map((p) => p.content).join(' ')).toContain('five working days');
    expect(passages.map((p) => p.content).join(' ')).not.toContain('three working days');
  });

  it('renames any source without re-ingesting; citations read the new title', async () => {
    const admin = await h.as(team.admin);
    const file = await admin.knowledge.source.createFile({
      ...ws(),
      chatbotId: bot.id,
      fileName: 'warranty_terms.md',
      contentBase64: Buffer.from('# Warranty\n\nEvery kettle has a ten year warranty.').toString('base64'),
    });
    expect(file.title).toBe('Warranty terms');
    await ingestSource({ db: h.db, bus: h.bus, embedder: offlineEmbedder }, file.id);
    h.sent.length = 0;
    const renamed = await admin.knowledge.source.rename({ ...ws(), sourceId: file.id, title: 'Kettle warranty' });
    expect(renamed.title).toBe('Kettle warranty');
    expect(h.sent).toEqual([]);
    const passages = await retrieve(
      { database: h.database, embedder: offlineEmbedder },
      { chatbotId: bot.id, query: 'kettle warranty years', k: 3 },
    );
    expect(passages[0]).toMatchObject({ sourceTitle: 'Kettle warranty' });
  });

  it('refuses agents, wrong kinds and empty titles, with clear messages', async () => {
    const [faq] = await h.db
      .insert(knowledgeSources)
      .values({ workspaceId: team.workspace.id, chatbotId: bot.id, kind: 'faq', title: 'Q?', content: 'A.' })
      .returning();
    const admin = await h.as(team.admin);
    await expect(admin.knowledge.source.rename({ ...ws(), sourceId: faq!.id, title: 'X' })).toFailWith({
      code: 'BAD_REQUEST',
      message: 'An FAQ pair is titled by its question; edit the pair.',
    });
    await expect(
      admin.knowledge.source.updateText({ ...ws(), sourceId: faq!.id, title: 'X', content: 'Y' }),
    ).toFailWith({ code: 'BAD_REQUEST', message: 'Only pasted text can be edited here.' });
    await expect(admin.knowledge.source.rename({ ...ws(), sourceId: faq!.id, title: '  ' })).toFailWith({
      code: 'BAD_REQUEST',
      fieldErrors: { title: ['Enter a title.'] },
    });
    await expect(admin.knowledge.source.sync({ ...ws(), sourceId: faq!.id })).toFailWith({ code: 'BAD_REQUEST' });
    const agent = await h.as(team.agent);
    await expect(agent.knowledge.source.rename({ ...ws(), sourceId: faq!.id, title: 'X' })).toFailWith({
      code: 'FORBIDDEN',
    });
  });

  it('sets a page’s sync interval and queues "Sync now" once', async () => {
    const [page] = await h.db
      .insert(knowledgeSources)
      .values({
        workspaceId: team.workspace.id,
        chatbotId: bot.id,
        kind: 'url',
        title: 'Help',
        url: 'https://example.com/help',
        status: 'ready',
      })
      .returning();
    const admin = await h.as(team.admin);
    const weekly = await admin.knowledge.source.setSyncInterval({ ...ws(), sourceId: page!.id, interval: 'weekly' });
    expect(weekly.syncInterval).toBe('weekly');
    expect(weekly.nextSyncAt!.getTime() - Date.now()).toBeGreaterThan(6 * 86_400_000);
    const off = await admin.knowledge.source.setSyncInterval({ ...ws(), sourceId: page!.id, interval: 'off' });
    expect(off.nextSyncAt).toBeNull();
    await admin.knowledge.source.sync({ ...ws(), sourceId: page!.id });
    expect(h.sent.filter((job) => job.name === 'source.sync')).toEqual([
      expect.objectContaining({ data: { sourceId: page!.id } }),
    ]);
  });

  it('writes every edit and deletion of a source to the workspace audit trail, with who and what', async () => {
    const admin = await h.as(team.admin);
    const text = await admin.knowledge.source.createText({
      ...ws(),
      chatbotId: bot.id,
      title: 'Policy',
      content: TEXT,
    });
    await admin.knowledge.source.updateText({ ...ws(), sourceId: text.id, title: 'Policy', content: `${TEXT} More.` });
    await admin.knowledge.source.rename({ ...ws(), sourceId: text.id, title: 'Policy 2026' });
    await admin.knowledge.source.delete({ ...ws(), sourceId: text.id });
    const entries = await h.db.select().from(auditLog).where(eq(auditLog.targetId, text.id)).orderBy(auditLog.at);
    expect(entries.map((entry) => entry.action)).toEqual([
      'knowledge.source_edited',
      'knowledge.source_renamed',
      'knowledge.source_deleted',
    ]);
    for (const entry of entries)
      expect(entry).toMatchObject({
        workspaceId: team.workspace.id,
        actorUserId: team.admin.id,
        targetType: 'knowledge_source',
      });
    expect(entries[1]).toMatchObject({ targetLabel: 'Policy 2026', details: { from: 'Policy' } });
    expect(entries[2]).toMatchObject({ targetLabel: 'Policy 2026', details: { kind: 'text' } });
  });
});
