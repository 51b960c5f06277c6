import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeys,
  chatbots,
  invitations,
  knowledgeGaps,
  knowledgeSources,
  memberships,
  messages,
  webhookEndpoints,
  workspaces,
  type TUser,
} from '../../db/schema';
import { createIsolationTargets, keysMissingEachScope } from '../../tests/factories/isolation';
import { createTestTeam, createTestWorkspace } from '../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../tests/helpers/app';
import { ROLE_RANK } from '../services/workspaces/workspaces';
import { API_SCOPES, type TApiScope } from '../../shared/api-scopes';
import type { TMeta } from './init';
import { appRouter } from './router';

type TTeam = Awaited<ReturnType<typeof createTestTeam>>;
type TTeamA = TTeam & {
  invitationId: string;
  chatbotId: string;
  chatbotName: string;
  sourceId: string;
  gapId: string;
  conversationId: string;
  visitorId: string;
  botMessageId: string;
  endpointId: string;
  deliveryId: string;
  keyId: string;
  apiConversationId: string;
};
type TProcedure = {
  _def: { type: string; meta?: TMeta; inputs: { '~standard': { validate: (value: unknown) => unknown } }[] };
};

/**
 * The rest of a valid input for every workspace-scoped procedure, aimed at
 * workspace A's own things (its members, its invitation), as an attacker
 * holding A's ids would send it. A new workspace procedure without an entry
 * here fails the test, so nobody can add one that escapes this check.
 */
const samples = (a: TTeamA): Record<string, Record<string, unknown>> => ({
  'workspace.get': {},
  'workspace.rename': { name: 'Taken over' },
  'workspace.switch': {},
  'workspace.usage': {},
  'workspace.onboarding': {},
  'workspace.setMessageLimit': { monthlyMessageLimit: 100 },
  'workspace.delete': { confirmName: a.workspace.name },
  'workspace.members': {},
  'workspace.retention': {},
  'workspace.setRetention': { days: 30, keepIdentified: false, deleteTests: true },
  'workspace.changeRole': { userId: a.agent.id, role: 'owner' },
  'workspace.removeMember': { userId: a.agent.id },
  'workspace.leave': {},
  'workspace.transferOwnership': { userId: a.agent.id },
  'workspace.invite': { email: 'intruder@example.test', role: 'owner' },
  'workspace.invitations': {},
  'workspace.revokeInvitation': { invitationId: a.invitationId },
  'chatbot.list': {},
  'chatbot.get': { chatbotId: a.chatbotId },
  'chatbot.create': { name: 'Intruder bot', template: 'support' },
  'chatbot.update': { chatbotId: a.chatbotId, name: 'Taken over', allowedOrigins: ['https://evil.example'] },
  'chatbot.updateWidget': { chatbotId: a.chatbotId, widget: { primaryColor: '#000000' } },
  'chatbot.setStatus': { chatbotId: a.chatbotId, status: 'paused' },
  'chatbot.duplicate': { chatbotId: a.chatbotId },
  'chatbot.delete': { chatbotId: a.chatbotId, confirmName: a.chatbotName },
  'chatbot.rotateKey': { chatbotId: a.chatbotId },
  'chatbot.webhookSecret': { chatbotId: a.chatbotId },
  'chatbot.rotateWebhookSecret': { chatbotId: a.chatbotId },
  'chatbot.previewToken': { chatbotId: a.chatbotId },
  'chatbot.export': { chatbotId: a.chatbotId },
  'chatbot.import': {
    data: { format: 'parley.chatbot', version: 1, name: 'Intruder bot', template: 'blank', settings: {}, sources: [] },
  },
  'knowledge.source.list': { chatbotId: a.chatbotId },
  'knowledge.source.createText': { chatbotId: a.chatbotId, title: 'Intruder', content: 'Planted text.' },
  'knowledge.source.createFaq': { chatbotId: a.chatbotId, question: 'Planted?', answer: 'Yes.' },
  'knowledge.source.createFile': {
    chatbotId: a.chatbotId,
    fileName: 'planted.txt',
    contentBase64: Buffer.from('Planted text.').toString('base64'),
  },
  'knowledge.source.createUrl': { chatbotId: a.chatbotId, url: 'https://example.com/planted' },
  'knowledge.source.createSitemap': { chatbotId: a.chatbotId, url: 'https://example.com/sitemap.xml' },
  'knowledge.source.updateFaq': { sourceId: a.sourceId, question: 'Taken over?', answer: 'Yes.' },
  'knowledge.source.createCrawl': { chatbotId: a.chatbotId, url: 'https://example.com/' },
  'knowledge.source.get': { sourceId: a.sourceId },
  'knowledge.source.updateText': { sourceId: a.sourceId, title: 'Taken over', content: 'Planted text.' },
  'knowledge.source.replaceFile': {
    sourceId: a.sourceId,
    fileName: 'planted.txt',
    contentBase64: Buffer.from('Planted.').toString('base64'),
  },
  'knowledge.source.rename': { sourceId: a.sourceId, title: 'Taken over' },
  'knowledge.source.setSyncInterval': { sourceId: a.sourceId, interval: 'hourly' },
  'knowledge.source.sync': { sourceId: a.sourceId },
  'knowledge.source.delete': { sourceId: a.sourceId },
  'knowledge.source.retry': { sourceId: a.sourceId },
  'knowledge.source.search': { chatbotId: a.chatbotId, query: 'refund policy' },
  'knowledge.source.onUpdated': { chatbotId: a.chatbotId },
  'knowledge.gap.list': { chatbotId: a.chatbotId, status: 'open' },
  'knowledge.gap.answer': { gapId: a.gapId, question: 'Taken over?', answer: 'Planted.' },
  'knowledge.gap.dismiss': { gapId: a.gapId },
  'knowledge.gap.resolve': { gapId: a.gapId },
  'knowledge.gap.reopen': { gapId: a.gapId },
  'playground.start': { chatbotId: a.chatbotId },
  'playground.get': { conversationId: a.conversationId },
  'playground.send': { conversationId: a.conversationId, content: 'Planted?', clientId: 'planted-message-1' },
  'playground.rate': { messageId: a.botMessageId, feedback: 'down' },
  'playground.onEvent': { conversationId: a.conversationId },
  'inbox.onEvent': {},
  'inbox.list': { status: 'all', search: 'ship' },
  'inbox.get': { conversationId: a.conversationId },
  'privacy.exportVisitor': { visitorId: a.visitorId },
  'privacy.deleteVisitor': { visitorId: a.visitorId },
  'privacy.deleteConversation': { conversationId: a.conversationId },
  'privacy.requestWorkspaceExport': {},
  'privacy.workspaceExports': {},
  'privacy.downloadWorkspaceExport': { exportId: a.conversationId },
  'inbox.markRead': { conversationId: a.conversationId },
  'inbox.takeOver': { conversationId: a.conversationId },
  'inbox.reply': { conversationId: a.conversationId, content: 'Planted', clientId: 'planted-reply-1' },
  'inbox.typing': { conversationId: a.conversationId, isTyping: true },
  'inbox.handBack': { conversationId: a.conversationId },
  'inbox.assign': { conversationId: a.conversationId, userId: a.agent.id },
  'inbox.resolve': { conversationId: a.conversationId },
  'inbox.reopen': { conversationId: a.conversationId },
  'inbox.archive': { conversationId: a.conversationId },
  'inbox.addNote': { conversationId: a.conversationId, content: 'Planted note' },
  'inbox.heartbeat': { viewing: a.conversationId },
  'inbox.online': {},
  'inbox.stats': {},
  'webhook.list': {},
  'webhook.get': { endpointId: a.endpointId },
  'webhook.create': { url: 'https://evil.example/hook', events: ['message.created'] },
  'webhook.update': { endpointId: a.endpointId, url: 'https://evil.example/hook', isEnabled: false },
  'webhook.delete': { endpointId: a.endpointId },
  'webhook.revealSecret': { endpointId: a.endpointId },
  'webhook.rotateSecret': { endpointId: a.endpointId, overlapHours: 0 },
  'webhook.deliveries': { endpointId: a.endpointId },
  'webhook.delivery': { messageId: a.deliveryId },
  'webhook.replay': { endpointId: a.endpointId, messageIds: [a.deliveryId] },
  'webhook.sendTest': { endpointId: a.endpointId },
  'developer.listKeys': {},
  'developer.createKey': { name: 'Intruder key', scopes: ['chatbots:write'] },
  'developer.revokeKey': { keyId: a.keyId },
  'conversation.start': { chatbotId: a.chatbotId },
  'conversation.send': { conversationId: a.apiConversationId, content: 'Planted?', clientId: 'planted-api-1' },
  'conversation.get': { conversationId: a.apiConversationId },
  'conversation.onEvent': { conversationId: a.apiConversationId },
  'analytics.dashboard': { from: '2026-01-01', to: '2026-01-31' },
  'analytics.headline': { from: '2026-01-01', to: '2026-01-31' },
  'analytics.options': {},
  'analytics.exportPage': { from: '2026-01-01', to: '2026-01-31', kind: 'conversations' },
  'analytics.relabel': { from: '2026-01-01', to: '2026-01-31' },
  'analytics.relabelStatus': {},
  'usage.report': {},
  'usage.alerts': {},
});

// At run time `_def.procedures` is flat, keyed by dotted path; its type shows the nested record.
const workspaceProcedures = Object.entries(appRouter._def.procedures as unknown as Record<string, TProcedure>)
  .filter(([, procedure]) => procedure._def.meta?.scope === 'workspace')
  .map(([path, procedure]) => ({ path, type: procedure._def.type, meta: procedure._def.meta!, procedure }));

let h: TTestApp;
let a: TTeamA;
let outsider: TUser;
/** Workspace B's key holding every scope: the strongest key an outsider can have. */
let outsiderKey: string;
/** Workspace A's keys, each missing one scope (by that scope), and one holding every scope. */
let keysWithout: Record<TApiScope, string>;
let fullKeyOfA: string;
let sample: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  h = await createTestApp();
  const team = await createTestTeam(h.db, { name: 'Workspace A' });
  const invitation = await (
    await h.as(team.owner)
  ).workspace.invite({
    workspaceId: team.workspace.id,
    email: 'pending@example.test',
    role: 'agent',
  });
  a = {
    ...team,
    invitationId: invitation.id,
    ...(await createIsolationTargets(h.db, team.workspace.id)),
    // Filled in below, once the keys exist.
    keyId: '',
    apiConversationId: '',
  };
  // The strongest outsider: the owner of another workspace.
  const b = await createTestWorkspace(h.db, { name: 'Workspace B' });
  outsider = b.owner;
  const keyOf = async (owner: TUser, workspaceId: string, scopes: TApiScope[]) =>
    (await (await h.as(owner)).developer.createKey({ workspaceId, name: 'Matrix key', scopes })).secret;
  outsiderKey = await keyOf(outsider, b.workspace.id, [...API_SCOPES]);
  fullKeyOfA = await keyOf(a.owner, a.workspace.id, [...API_SCOPES]);
  keysWithout = await keysMissingEachScope((scopes) => keyOf(a.owner, a.workspace.id, scopes));
  const [key] = await h.db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.workspaceId, a.workspace.id));
  a.keyId = key!.id;
  a.apiConversationId = (
    await (await h.as(a.owner)).conversation.start({ workspaceId: a.workspace.id, chatbotId: a.chatbotId })
  ).conversation.id;
  sample = samples(a);
});
afterAll(() => h.close());

/** Calls a procedure by its dotted path, as a member or with an API key, and returns the error code, or 'OK'. */
const codeOf = async (caller: TUser | string, path: string, input: Record<string, unknown>) => {
  const callerOf = typeof caller === 'string' ? await h.asKey(caller) : await h.as(caller);
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], callerOf) as (
    input: unknown,
  ) => Promise<unknown>;
  try {
    await fn(input);
    return 'OK';
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return error.code;
  }
};

describe('workspace isolation', () => {
  it('finds the workspace procedures, each with a sample input that parses', async () => {
    expect(workspaceProcedures.length).toBeGreaterThan(0);
    const missing = workspaceProcedures.map((p) => p.path).filter((path) => !(path in sample));
    expect(missing, 'add these procedures to `samples` in this test').toEqual([]);
    const stale = Object.keys(sample).filter((path) => !workspaceProcedures.some((p) => p.path === path));
    expect(stale, 'these samples name no workspace procedure').toEqual([]);

    for (const { path, procedure } of workspaceProcedures) {
      for (const parser of procedure._def.inputs) {
        const result = (await parser['~standard'].validate({ workspaceId: a.workspace.id, ...sample[path] })) as {
          issues?: unknown;
        };
        expect(result.issues, `${path} sample input`).toBeUndefined();
      }
    }
  });

  it('resolves no workspace id for a member of another workspace', async () => {
    const results: Record<string, string> = {};
    for (const { path } of workspaceProcedures) {
      results[path] = await codeOf(outsider, path, { workspaceId: a.workspace.id, ...sample[path] });
    }
    // One assertion over the whole table, so a failure lists every leaking procedure.
    expect(Object.entries(results).filter(([, code]) => code !== 'NOT_FOUND')).toEqual([]);
  });

  it('answers the same for ids that do not exist or are malformed', async () => {
    for (const { path } of workspaceProcedures) {
      for (const workspaceId of [randomUUID(), 'not-a-uuid', `${a.workspace.id} `]) {
        expect([path, await codeOf(a.owner, path, { ...sample[path], workspaceId })]).toEqual([path, 'NOT_FOUND']);
      }
    }
  });

  it('refuses members below each procedure’s minimum role', async () => {
    const byRole = { agent: a.agent, admin: a.admin } as const;
    const results: [path: string, role: string, code: string][] = [];
    for (const { path, meta } of workspaceProcedures) {
      for (const [role, user] of Object.entries(byRole)) {
        if (ROLE_RANK[role as keyof typeof byRole] >= ROLE_RANK[meta.minRole ?? 'agent']) continue;
        results.push([path, role, await codeOf(user, path, { workspaceId: a.workspace.id, ...sample[path] })]);
      }
    }
    // Agents are refused the admin procedures, admins the owner ones.
    expect(results.length).toBeGreaterThanOrEqual(8);
    expect(results.filter(([, , code]) => code !== 'FORBIDDEN')).toEqual([]);
  });

  it('resolves nothing of workspace A for an API key of another workspace', async () => {
    const results: Record<string, string> = {};
    for (const { path } of workspaceProcedures) {
      results[path] = await codeOf(outsiderKey, path, { workspaceId: a.workspace.id, ...sample[path] });
    }
    expect(Object.entries(results).filter(([, code]) => code !== 'NOT_FOUND' && code !== 'FORBIDDEN')).toEqual([]);
  });

  it('refuses a key of the workspace the procedures its scopes do not open', async () => {
    const results: [path: string, code: string][] = [];
    for (const { path, meta } of workspaceProcedures) {
      // Without an apiScope no key opens it; with one, a key lacking just that scope is refused.
      const key = meta.apiScope ? keysWithout[meta.apiScope] : fullKeyOfA;
      results.push([path, await codeOf(key, path, { workspaceId: a.workspace.id, ...sample[path] })]);
    }
    expect(results.filter(([, code]) => code !== 'FORBIDDEN')).toEqual([]);
    // Keys open what developers need, and keep to what they are for.
    expect(workspaceProcedures.filter((p) => p.meta.apiScope).length).toBeGreaterThanOrEqual(30);
    expect(workspaceProcedures.filter((p) => p.meta.apiScope && p.meta.minRole === 'owner')).toEqual([]);
  });

  it('left workspace A untouched', async () => {
    const [workspace] = await h.db.select().from(workspaces).where(eq(workspaces.id, a.workspace.id));
    expect(workspace?.name).toBe('Workspace A');
    const members = await h.db
      .select({ userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(eq(memberships.workspaceId, a.workspace.id));
    expect(new Map(members.map((m) => [m.userId, m.role]))).toEqual(
      new Map([
        [a.owner.id, 'owner'],
        [a.admin.id, 'admin'],
        [a.agent.id, 'agent'],
      ]),
    );
    const pending = await h.db
      .select({ email: invitations.email })
      .from(invitations)
      .where(and(eq(invitations.workspaceId, a.workspace.id)));
    expect(pending).toEqual([{ email: 'pending@example.test' }]);
    const bots = await h.db
      .select({ id: chatbots.id, name: chatbots.name, status: chatbots.status, origins: chatbots.allowedOrigins })
      .from(chatbots)
      .where(eq(chatbots.workspaceId, a.workspace.id));
    expect(bots).toEqual([{ id: a.chatbotId, name: 'Bot A', status: 'draft', origins: [] }]);
    const sources = await h.db
      .select({ id: knowledgeSources.id, title: knowledgeSources.title, status: knowledgeSources.status })
      .from(knowledgeSources)
      .where(eq(knowledgeSources.workspaceId, a.workspace.id));
    expect(sources).toEqual([{ id: a.sourceId, title: 'Refunds?', status: 'failed' }]);
    const gaps = await h.db
      .select({ id: knowledgeGaps.id, status: knowledgeGaps.status })
      .from(knowledgeGaps)
      .where(eq(knowledgeGaps.workspaceId, a.workspace.id));
    expect(gaps).toEqual([{ id: a.gapId, status: 'open' }]);
    const thread = await h.db
      .select({ role: messages.role, feedback: messages.feedback })
      .from(messages)
      .where(eq(messages.workspaceId, a.workspace.id));
    expect(thread).toEqual([
      { role: 'visitor', feedback: null },
      { role: 'bot', feedback: null },
    ]);
    // The invitation's mail is the only job; no ingestion was queued.
    expect(h.sent.filter((job) => job.name === 'source.ingest')).toEqual([]);
    const endpoints = await h.db
      .select({ url: webhookEndpoints.url, isEnabled: webhookEndpoints.isEnabled, secret: webhookEndpoints.secret })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.workspaceId, a.workspace.id));
    expect(endpoints).toEqual([{ url: 'https://hooks.example/a', isEnabled: true, secret: 'whsec_a' }]);
    expect(h.sent.filter((job) => job.name === 'webhook.replay')).toEqual([]);
  });
});
