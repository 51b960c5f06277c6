import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatbots, knowledgeSources, type TUser } from '../../../db/schema';
import { createTestSource } from '../../../tests/factories/chatbots';
import { createTestTeam, createTestWorkspace } from '../../../tests/factories/workspaces';
import { createTestApp, failureOf, type TTestApp } from '../../../tests/helpers/app';
import { validateSettings } from '../../services/chatbots/chatbots';
import { DEFAULT_SETTINGS } from '../../services/chatbots/settings';
import { TEMPLATES } from '../../services/chatbots/templates';
import { DEFAULT_WIDGET_STYLE, readWidgetStyle, ZWidgetStyle } from '../../services/chatbots/widget-style';
import { fieldErrorsOf } from '../../../shared/field-errors';
import { translateMessage } from '../../../shared/i18n/server';

type TTeam = Awaited<ReturnType<typeof createTestTeam>>;

let h: TTestApp;
let team: TTeam;
let other: { workspace: { id: string }; owner: TUser };

beforeAll(async () => {
  h = await createTestApp();
  team = await createTestTeam(h.db, { name: 'Acme' });
  other = await createTestWorkspace(h.db, { name: 'Elsewhere' });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sent.length = 0;
});

const ws = () => ({ workspaceId: team.workspace.id });
const admin = () => h.as(team.admin);

const createBot = async (name = 'Helper', template: 'support' | 'sales' | 'faq' | 'product' | 'blank' = 'support') =>
  (await admin()).chatbot.create({ ...ws(), name, template });

const rowOf = async (id: string) => (await h.db.select().from(chatbots).where(eq(chatbots.id, id)))[0];

describe('chatbot CRUD', () => {
  it('lists the templates to signed-in users', async () => {
    const templates = await (await h.as(team.agent)).chatbot.templates();
    expect(templates.map((t) => t.id)).toEqual(['support', 'sales', 'faq', 'product', 'blank']);
    for (const template of templates) {
      expect(template.name).not.toBe('');
      expect(template.description).not.toBe('');
    }
    await expect((await h.anonymous()).chatbot.templates()).toFailWith({ code: 'UNAUTHORIZED' });
  });

  it('creates a draft from a template with a fresh public key', async () => {
    const bot = await createBot('  Support bot  ', 'sales');
    expect(bot).toMatchObject({ name: 'Support bot', status: 'draft', template: 'sales', allowedOrigins: [] });
    expect(bot.settings).toEqual(TEMPLATES.find((t) => t.id === 'sales')!.settings);
    expect(bot.publicKey).toMatch(/^cb_[a-z2-7]{24}$/);
    const again = await createBot('Another', 'sales');
    expect(again.publicKey).not.toBe(bot.publicKey);
  });

  it('lets agents read but not create or change', async () => {
    const bot = await createBot('Readable');
    const agent = await h.as(team.agent);
    expect((await agent.chatbot.get({ ...ws(), chatbotId: bot.id })).name).toBe('Readable');
    expect((await agent.chatbot.list(ws())).map((b) => b.id)).toContain(bot.id);
    await expect(agent.chatbot.create({ ...ws(), name: 'Mine', template: 'faq' })).toFailWith({
      code: 'FORBIDDEN',
    });
    await expect(agent.chatbot.update({ ...ws(), chatbotId: bot.id, name: 'Renamed' })).toFailWith({
      code: 'FORBIDDEN',
    });
    expect((await rowOf(bot.id))?.name).toBe('Readable');
  });

  it('lists chatbots with their source counts by status', async () => {
    const bot = await createBot('Counted');
    await createTestSource(h.db, { chatbot: { id: bot.id, workspaceId: team.workspace.id }, content: 'a' });
    const ready = await createTestSource(h.db, { chatbot: { id: bot.id, workspaceId: team.workspace.id } });
    await h.db.update(knowledgeSources).set({ status: 'ready' }).where(eq(knowledgeSources.id, ready.id));
    const listed = (await (await admin()).chatbot.list(ws())).find((b) => b.id === bot.id);
    expect(listed?.sources).toEqual({ total: 2, pending: 1, processing: 0, retrying: 0, ready: 1, failed: 0 });
  });

  it('answers NOT_FOUND for a chatbot of another workspace, or an id that is not one', async () => {
    const bot = await createBot('Private');
    const outsider = await h.as(other.owner);
    const theirs = { workspaceId: other.workspace.id, chatbotId: bot.id };
    for (const call of [
      () => outsider.chatbot.get(theirs),
      () => outsider.chatbot.update({ ...theirs, name: 'Stolen' }),
      () => outsider.chatbot.setStatus({ ...theirs, status: 'paused' }),
      () => outsider.chatbot.duplicate(theirs),
      () => outsider.chatbot.delete({ ...theirs, confirmName: 'Private' }),
      () => outsider.chatbot.rotateKey(theirs),
      () => outsider.chatbot.export(theirs),
      async () => (await admin()).chatbot.get({ ...ws(), chatbotId: 'not-an-id' }),
    ]) {
      await expect(call()).toFailWith({
        code: 'NOT_FOUND',
        message: "We couldn't find that chatbot.",
        fieldErrors: null,
      });
    }
    expect(await rowOf(bot.id)).toMatchObject({ name: 'Private', publicKey: bot.publicKey });
  });

  it('merges a partial settings change and normalises origins', async () => {
    const bot = await createBot('Tuned');
    const updated = await (
      await admin()
    ).chatbot.update({
      ...ws(),
      chatbotId: bot.id,
      name: 'Tuned up',
      settings: { greeting: 'Welcome!', temperature: 0.8 },
      allowedOrigins: ['Example.com/shop', 'https://example.com', 'https://*.example.org'],
    });
    expect(updated.name).toBe('Tuned up');
    expect(updated.settings).toEqual({ ...bot.settings, greeting: 'Welcome!', temperature: 0.8 });
    expect(updated.allowedOrigins).toEqual(['https://example.com', 'https://*.example.org']);
    expect((await rowOf(bot.id))?.settings).toEqual(updated.settings);
  });

  it('refuses bad settings with field errors and writes nothing', async () => {
    const bot = await createBot('Strict');
    const caller = await admin();
    const noUrl = await failureOf(
      caller.chatbot.update({ ...ws(), chatbotId: bot.id, name: 'Changed', settings: { responseMode: 'webhook' } }),
    );
    expect(noUrl).toMatchObject({ code: 'BAD_REQUEST' });
    expect(fieldErrorsOf(noUrl.cause)).toEqual({
      'settings.webhookUrl': [
        'Enter the webhook address the messages should be sent to, or choose another response mode.',
      ],
    });

    const outOfRange = await failureOf(
      caller.chatbot.update({ ...ws(), chatbotId: bot.id, settings: { temperature: 2, webhookUrl: 'ftp://x' } }),
    );
    expect(outOfRange.code).toBe('BAD_REQUEST');
    expect(Object.keys(fieldErrorsOf(outOfRange.cause) ?? {}).sort()).toEqual([
      'settings.temperature',
      'settings.webhookUrl',
    ]);

    const badOrigin = await failureOf(
      caller.chatbot.update({ ...ws(), chatbotId: bot.id, allowedOrigins: ['example.com', 'ftp://x'] }),
    );
    expect(fieldErrorsOf(badOrigin.cause)).toEqual({
      'allowedOrigins.1': ['“ftp://x” is not a website address: use https://example.com'],
    });

    await expect(
      caller.chatbot.update({ ...ws(), chatbotId: bot.id, settings: { tone: 'pirate' } as never }),
    ).toFailWith({ code: 'BAD_REQUEST' });

    const row = await rowOf(bot.id);
    expect(row).toMatchObject({ name: 'Strict', allowedOrigins: [] });
    expect(row?.settings).toEqual(bot.settings);

    const webhook = await caller.chatbot.update({
      ...ws(),
      chatbotId: bot.id,
      settings: { responseMode: 'webhook', webhookUrl: 'https://n8n.example.com/webhook/abc' },
    });
    expect(webhook.settings.responseMode).toBe('webhook');
  });

  it('allows http://localhost webhooks only outside production', () => {
    const local = { ...DEFAULT_SETTINGS, responseMode: 'webhook', webhookUrl: 'http://localhost:5678/webhook/1' };
    expect(validateSettings({ NODE_ENV: 'development' }, { settings: local }).webhookUrl).toBe(
      'http://localhost:5678/webhook/1',
    );
    expect(() => validateSettings({ NODE_ENV: 'production' }, { settings: local })).toThrow(
      /https:\/\/ webhook address/,
    );
  });

  it('goes live only with an allowed website, and stays embeddable while live', async () => {
    const bot = await createBot('Launch');
    const caller = await admin();
    await expect(caller.chatbot.setStatus({ ...ws(), chatbotId: bot.id, status: 'live' })).toFailWith({
      code: 'PRECONDITION_FAILED',
      message: 'Add at least one website the chatbot may be embedded on (like https://example.com) before going live.',
      fieldErrors: null,
    });
    expect((await rowOf(bot.id))?.status).toBe('draft');
    await caller.chatbot.update({ ...ws(), chatbotId: bot.id, allowedOrigins: ['example.com'] });
    expect((await caller.chatbot.setStatus({ ...ws(), chatbotId: bot.id, status: 'live' })).status).toBe('live');
    await expect(caller.chatbot.update({ ...ws(), chatbotId: bot.id, allowedOrigins: [] })).toFailWith({
      fieldErrors: { allowedOrigins: expect.anything() },
    });
    expect((await caller.chatbot.setStatus({ ...ws(), chatbotId: bot.id, status: 'paused' })).status).toBe('paused');
  });

  it('deletes only with the exact name typed, taking its sources along', async () => {
    const bot = await createBot('Doomed');
    await createTestSource(h.db, { chatbot: { id: bot.id, workspaceId: team.workspace.id }, content: 'x' });
    const caller = await admin();
    await expect(caller.chatbot.delete({ ...ws(), chatbotId: bot.id, confirmName: 'doomed' })).toFailWith({
      code: 'BAD_REQUEST',
      fieldErrors: { confirmName: [expect.stringContaining('"Doomed"')] },
    });
    expect(await rowOf(bot.id)).toBeDefined();
    expect(await caller.chatbot.delete({ ...ws(), chatbotId: bot.id, confirmName: 'Doomed' })).toEqual({ id: bot.id });
    expect(await rowOf(bot.id)).toBeUndefined();
    expect(await h.db.select().from(knowledgeSources).where(eq(knowledgeSources.chatbotId, bot.id))).toEqual([]);
  });

  it('rotates the public key', async () => {
    const bot = await createBot('Rotating');
    const { publicKey } = await (await admin()).chatbot.rotateKey({ ...ws(), chatbotId: bot.id });
    expect(publicKey).toMatch(/^cb_[a-z2-7]{24}$/);
    expect(publicKey).not.toBe(bot.publicKey);
    expect((await rowOf(bot.id))?.publicKey).toBe(publicKey);
  });

  it('gives every chatbot a webhook signing secret, shown to admins and rotated on request', async () => {
    const bot = await createBot('Hooked');
    const { secret } = await (await admin()).chatbot.webhookSecret({ ...ws(), chatbotId: bot.id });
    // Standard Webhooks: `whsec_` and base64 of at least 24 random bytes.
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/);
    expect(Buffer.from(secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    const rotated = await (await admin()).chatbot.rotateWebhookSecret({ ...ws(), chatbotId: bot.id });
    expect(rotated.secret).not.toBe(secret);
    expect(Buffer.from(rotated.secret.slice(6), 'base64').length).toBe(32);
    expect((await rowOf(bot.id))?.webhookSecret).toBe(rotated.secret);
    const other = await createBot('Other hooked');
    const { secret: otherSecret } = await (await admin()).chatbot.webhookSecret({ ...ws(), chatbotId: other.id });
    expect(otherSecret).not.toBe(secret);
  });
});

const sourcesOf = (chatbotId: string) =>
  h.db
    .select()
    .from(knowledgeSources)
    .where(eq(knowledgeSources.chatbotId, chatbotId))
    .orderBy(asc(knowledgeSources.createdAt), asc(knowledgeSources.title));

const sentSourceIds = () =>
  h.sent.map((job) => (job.name === 'source.ingest' ? job.data.sourceId : `not an ingest job: ${job.name}`)).sort();

describe('in the reader’s language', () => {
  it('names templates, refuses and names copies in the language of the request', async () => {
    const german = await h.as(team.admin, { locale: 'de' });
    const templates = await german.chatbot.templates();
    expect(templates.find((t) => t.id === 'support')?.name).toBe('Support-Agent');

    const bot = await createBot('Übersetzt');
    await expect(german.chatbot.setStatus({ ...ws(), chatbotId: bot.id, status: 'live' })).toFailWith({
      code: 'PRECONDITION_FAILED',
      message:
        'Fügen Sie mindestens eine Website hinzu, auf der der Chatbot eingebettet werden darf (etwa https://example.com), bevor Sie live schalten.',
    });
    await expect(
      german.chatbot.update({ ...ws(), chatbotId: bot.id, settings: { persona: 'x'.repeat(4001) } }),
    ).toFailWith({
      fieldErrors: { 'settings.persona': ['Die Persona darf höchstens 4.000 Zeichen lang sein.'] },
    });
    await expect(german.chatbot.update({ ...ws(), chatbotId: bot.id, allowedOrigins: ['ftp://x'] })).toFailWith({
      fieldErrors: { 'allowedOrigins.0': ['„ftp://x“ ist keine Website-Adresse: Verwenden Sie https://example.com'] },
    });
    await expect(german.chatbot.delete({ ...ws(), chatbotId: bot.id, confirmName: 'nope' })).toFailWith({
      fieldErrors: {
        confirmName: ['Geben Sie den Namen des Chatbots genau wie angezeigt ein („Übersetzt“), um ihn zu löschen.'],
      },
    });

    const long = await createBot('x'.repeat(80));
    const copy = await german.chatbot.duplicate({ ...ws(), chatbotId: long.id });
    expect(copy.name).toBe(`${'x'.repeat(72)} (Kopie)`);
  });
});

describe('duplicate, export and import', () => {
  const seedBot = async () => {
    const caller = await admin();
    const bot = await createBot('Original', 'faq');
    await caller.chatbot.update({
      ...ws(),
      chatbotId: bot.id,
      settings: { greeting: 'Ahoy', suggestedQuestions: ['Opening hours?'], languagePolicy: 'fixed', language: 'de' },
      allowedOrigins: ['https://shop.example.com'],
    });
    await caller.chatbot.updateWidget({
      ...ws(),
      chatbotId: bot.id,
      widget: { primaryColor: '#0a7', position: 'bottom-left', theme: 'dark', font: 'serif' },
    });
    const chatbot = { id: bot.id, workspaceId: team.workspace.id };
    const text = await createTestSource(h.db, { chatbot, title: 'Returns policy', content: '# Returns\n30 days.' });
    await h.db.update(knowledgeSources).set({ status: 'ready', chunkCount: 1 }).where(eq(knowledgeSources.id, text.id));
    await createTestSource(h.db, { chatbot, kind: 'faq', title: 'Do you ship abroad?', content: 'Yes, to the EU.' });
    const page = await createTestSource(h.db, { chatbot, kind: 'url', title: 'Pricing', content: 'Plans from 9 €.' });
    await h.db
      .update(knowledgeSources)
      .set({ status: 'ready', url: 'https://shop.example.com/pricing' })
      .where(eq(knowledgeSources.id, page.id));
    // A page not yet fetched has nothing to export.
    await createTestSource(h.db, { chatbot, kind: 'url', title: 'About' });
    return caller.chatbot.get({ ...ws(), chatbotId: bot.id });
  };

  it('duplicates settings and pasted text and FAQ sources as new pending rows', async () => {
    const original = await seedBot();
    h.sent.length = 0;
    const copy = await (await admin()).chatbot.duplicate({ ...ws(), chatbotId: original.id });
    expect(copy).toMatchObject({
      name: 'Original (copy)',
      status: 'draft',
      template: 'faq',
      settings: original.settings,
      widget: original.widget,
      allowedOrigins: original.allowedOrigins,
    });
    expect(copy.id).not.toBe(original.id);
    expect(copy.publicKey).not.toBe(original.publicKey);
    const copied = await sourcesOf(copy.id);
    expect(copied.map((s) => [s.kind, s.title, s.content, s.status, s.chunkCount]).sort()).toEqual([
      ['faq', 'Do you ship abroad?', 'Yes, to the EU.', 'pending', 0],
      ['text', 'Returns policy', '# Returns\n30 days.', 'pending', 0],
    ]);
    expect(sentSourceIds()).toEqual(copied.map((s) => s.id).sort());
    expect(await sourcesOf(original.id)).toHaveLength(4);
  });

  it('round-trips through export and import into another workspace', async () => {
    const original = await seedBot();
    const exported = await (await admin()).chatbot.export({ ...ws(), chatbotId: original.id });
    expect(exported).toMatchObject({ format: 'parley.chatbot', version: 1, name: 'Original', template: 'faq' });
    expect(exported.widget).toEqual({ ...DEFAULT_WIDGET_STYLE, ...original.widget });
    expect(exported.widget).toMatchObject({ primaryColor: '#00aa77', position: 'bottom-left' });
    // Sources made within one clock tick share a creation time, so compare without their order.
    const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title);
    expect([...exported.sources].sort(byTitle)).toEqual([
      { kind: 'faq', title: 'Do you ship abroad?', content: 'Yes, to the EU.' },
      { kind: 'text', title: 'Pricing', url: 'https://shop.example.com/pricing', content: 'Plans from 9 €.' },
      { kind: 'text', title: 'Returns policy', content: '# Returns\n30 days.' },
    ]);

    h.sent.length = 0;
    // Through JSON, as a downloaded file would travel.
    const data = JSON.parse(JSON.stringify(exported)) as typeof exported;
    const outsider = await h.as(other.owner);
    const imported = await outsider.chatbot.import({ workspaceId: other.workspace.id, data });
    expect(imported).toMatchObject({
      name: 'Original',
      status: 'draft',
      template: 'faq',
      settings: original.settings,
      widget: original.widget,
      allowedOrigins: original.allowedOrigins,
    });
    expect(imported.publicKey).not.toBe(original.publicKey);
    expect((await rowOf(imported.id))?.workspaceId).toBe(other.workspace.id);
    const sources = await sourcesOf(imported.id);
    expect(sources.every((s) => s.status === 'pending' && s.workspaceId === other.workspace.id)).toBe(true);
    const again = await outsider.chatbot.export({ workspaceId: other.workspace.id, chatbotId: imported.id });
    expect({ ...again.settings }).toEqual(exported.settings);
    expect(again.allowedOrigins).toEqual(exported.allowedOrigins);
    expect(again.widget).toEqual(exported.widget);
    expect(again.sources.map((s) => [s.kind, s.title, s.content]).sort()).toEqual(
      exported.sources.map((s) => [s.kind, s.title, s.content]).sort(),
    );
    expect(sentSourceIds()).toEqual(sources.map((s) => s.id).sort());
  });

  it('refuses malformed imports with a clear message and writes nothing', async () => {
    const outsider = await h.as(other.owner);
    const countBots = async () =>
      (await h.db.select().from(chatbots).where(eq(chatbots.workspaceId, other.workspace.id))).length;
    const before = await countBots();
    const valid = { format: 'parley.chatbot', version: 1, name: 'Ok', template: 'blank', settings: {}, sources: [] };
    const cases: [unknown, string, string][] = [
      [{ ...valid, format: 'something.else' }, 'data.format', 'This is not a Parley chatbot export'],
      [{ ...valid, version: 2 }, 'data.version', 'cannot read (version 1)'],
      [{ ...valid, name: '' }, 'data.name', 'The export needs the chatbot name.'],
      [{ ...valid, allowedOrigins: ['ftp://x'] }, 'data.allowedOrigins.0', '“ftp://x” is not a website address'],
      [
        { ...valid, sources: [{ kind: 'text', title: 'Empty', content: '' }] },
        'data.sources.0.content',
        'Each source needs its text',
      ],
      [
        { ...valid, sources: [{ kind: 'text', title: 'Huge', content: 'x'.repeat(200_001) }] },
        'data.sources.0.content',
        'at most 200000 characters',
      ],
      [{ ...valid, settings: { responseMode: 'webhook' } }, 'data.settings.webhookUrl', 'Enter the webhook address'],
      // A source URL is shown as a link to operators and visitors: only a public http(s) page, like a new URL source.
      ...[
        ['javascript:alert(document.cookie)', 'Parley only fetches http:// and https:// addresses.'],
        [' JavaScript:alert(1)', 'Parley only fetches http:// and https:// addresses.'],
        ['data:text/html,<script>alert(1)</script>', 'Parley only fetches http:// and https:// addresses.'],
        ['vbscript:msgbox(1)', 'Parley only fetches http:// and https:// addresses.'],
        ['not a url', 'Enter a full web address'],
        ['http://10.0.0.1/admin', 'private network'],
        ['https://user:secret@shop.example.com/', 'Remove the user name and password'],
      ].map(([url, message]): [unknown, string, string] => [
        { ...valid, sources: [{ kind: 'text', title: 'Linked', url, content: 'Text.' }] },
        'data.sources.0.url',
        message!,
      ]),
    ];
    for (const [data, field, message] of cases) {
      const result = await failureOf(outsider.chatbot.import({ workspaceId: other.workspace.id, data: data as never }));
      expect(result.code, field).toBe('BAD_REQUEST');
      expect(fieldErrorsOf(result.cause)?.[field]?.[0], field).toContain(message);
    }
    expect(await countBots()).toBe(before);
    expect(h.sent).toEqual([]);
  });
});

describe('widget style', () => {
  it('normalises colours and refuses bad values with a message per field', () => {
    expect(ZWidgetStyle.parse({ ...DEFAULT_WIDGET_STYLE, primaryColor: ' #0A7 ' }).primaryColor).toBe('#00aa77');
    expect(ZWidgetStyle.parse({ ...DEFAULT_WIDGET_STYLE, primaryColor: 'ABCDEF' }).primaryColor).toBe('#abcdef');
    const bad = ZWidgetStyle.safeParse({
      primaryColor: 'blue',
      position: 'top-left',
      launcherLabel: 'x'.repeat(31),
      theme: 'neon',
      cornerRadius: 25,
      font: 'comic',
    });
    // The schema's messages are keys; what a person reads is their translation.
    const english = Object.fromEntries(
      bad.error!.issues.map((issue) => [issue.path.join('.'), [translateMessage('en', { issue })]]),
    );
    expect(english).toEqual({
      primaryColor: ['Enter the colour as a hex code like #4f46e5.'],
      position: ['Choose bottom right or bottom left.'],
      launcherLabel: ['Keep the launcher label to 30 characters or fewer.'],
      theme: ['Choose light, dark or automatic.'],
      cornerRadius: ['The corner radius goes from 0 to 24 pixels.'],
      font: ['Choose one of the fonts in the list.'],
    });
  });

  it('reads stored styles leniently, key by key', () => {
    expect(readWidgetStyle({})).toEqual(DEFAULT_WIDGET_STYLE);
    expect(readWidgetStyle(null)).toEqual(DEFAULT_WIDGET_STYLE);
    // One stale value takes its default without losing the others.
    expect(readWidgetStyle({ primaryColor: '#112233', font: 'gone', cornerRadius: 4 })).toEqual({
      ...DEFAULT_WIDGET_STYLE,
      primaryColor: '#112233',
      cornerRadius: 4,
    });
  });

  it('starts with the defaults and merges partial changes', async () => {
    const bot = await createBot('Styled');
    expect(bot.widget).toEqual(DEFAULT_WIDGET_STYLE);
    // Where the embed snippet loads the widget from: the configured APP_URL.
    expect((await (await h.as(team.agent)).chatbot.get({ ...ws(), chatbotId: bot.id })).appUrl).toBe(
      'https://parley.test',
    );
    const caller = await admin();
    const first = await caller.chatbot.updateWidget({
      ...ws(),
      chatbotId: bot.id,
      widget: { primaryColor: '#FF0000', launcherLabel: '  Ask us  ' },
    });
    expect(first.widget).toEqual({ ...DEFAULT_WIDGET_STYLE, primaryColor: '#ff0000', launcherLabel: 'Ask us' });
    const second = await caller.chatbot.updateWidget({ ...ws(), chatbotId: bot.id, widget: { cornerRadius: 0 } });
    expect(second.widget).toEqual({ ...first.widget, cornerRadius: 0 });
    expect((await caller.chatbot.get({ ...ws(), chatbotId: bot.id })).widget).toEqual(second.widget);
    expect((await rowOf(bot.id))?.widget).toEqual(second.widget);
  });

  it('refuses bad styles by field, unknown keys, agents and other workspaces, writing nothing', async () => {
    const bot = await createBot('Guarded');
    const caller = await admin();
    await expect(
      caller.chatbot.updateWidget({ ...ws(), chatbotId: bot.id, widget: { primaryColor: 'red', cornerRadius: -1 } }),
    ).toFailWith({
      code: 'BAD_REQUEST',
      fieldErrors: {
        'widget.primaryColor': ['Enter the colour as a hex code like #4f46e5.'],
        'widget.cornerRadius': ['The corner radius goes from 0 to 24 pixels.'],
      },
    });
    await expect(
      caller.chatbot.updateWidget({ ...ws(), chatbotId: bot.id, widget: { colour: '#fff' } as never }),
    ).toFailWith({ code: 'BAD_REQUEST' });
    await expect(
      (await h.as(team.agent)).chatbot.updateWidget({ ...ws(), chatbotId: bot.id, widget: { theme: 'dark' } }),
    ).toFailWith({ code: 'FORBIDDEN' });
    await expect(
      (await h.as(other.owner)).chatbot.updateWidget({
        workspaceId: other.workspace.id,
        chatbotId: bot.id,
        widget: { theme: 'dark' },
      }),
    ).toFailWith({ code: 'NOT_FOUND' });
    expect((await rowOf(bot.id))?.widget).toEqual({});
  });

  it('travels leniently in imports: a bad or missing look takes the defaults', async () => {
    const outsider = await h.as(other.owner);
    const base = { format: 'parley.chatbot', version: 1, name: 'Old file', template: 'blank', settings: {} } as const;
    const withoutWidget = await outsider.chatbot.import({ workspaceId: other.workspace.id, data: base as never });
    expect(withoutWidget.widget).toEqual(DEFAULT_WIDGET_STYLE);
    const withBadWidget = await outsider.chatbot.import({
      workspaceId: other.workspace.id,
      data: { ...base, widget: { primaryColor: 'nope', theme: 'dark' } } as never,
    });
    expect(withBadWidget.widget).toEqual({ ...DEFAULT_WIDGET_STYLE, theme: 'dark' });
  });
});
