import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { chatbots, knowledgeGaps, knowledgeSources, messages, webhookEndpoints } from '../../db/schema';
import { createIsolationTargets, keysMissingEachScope } from '../../tests/factories/isolation';
import { createTestTeam, createTestWorkspace } from '../../tests/factories/workspaces';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { httpClientTo } from '../../tests/helpers/ws';
import { API_SCOPES, type TApiScope } from '../../shared/api-scopes';
import { startParley, type Parley } from '../app';
import { parseEnv } from '../env';
import { sessionCookieName } from '../services/account/cookies';
import { createSession } from '../services/account/sessions';

/**
 * The isolation matrix on the REST surface, read from the OpenAPI document
 * itself: every operation it lists, called with workspace A's ids by a key
 * of workspace B, by a key of A lacking the operation's scope, and by
 * nobody. A route added later is covered without touching this test.
 */
type TSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: TSchema[];
  oneOf?: TSchema[];
  items?: TSchema;
  properties?: Record<string, TSchema>;
  required?: string[];
  minimum?: number;
  minLength?: number;
  minItems?: number;
};
type TParameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: TSchema };
type TOperation = {
  operationId: string;
  security: Record<string, string[]>[];
  parameters?: TParameter[];
  requestBody?: { content: { 'application/json': { schema: TSchema } } };
};
type TDocument = {
  paths: Record<string, Record<string, TOperation>>;
  components?: { schemas?: Record<string, TSchema> };
};

let database: Database;
let parley: Parley;
const env = parseEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', API_KEY_RATE_LIMIT: '100000' });
let document: TDocument;
/** Workspace A's ids, by the name its routes and bodies give them. */
let ids: Record<string, string>;
let outsiderKey: string;
let keysWithout: Record<TApiScope, string>;
let fullKeyOfA: string;

const snapshotOfA = async (workspaceId: string) => ({
  chatbots: await database.db.select().from(chatbots).where(eq(chatbots.workspaceId, workspaceId)),
  sources: await database.db.select().from(knowledgeSources).where(eq(knowledgeSources.workspaceId, workspaceId)),
  gaps: await database.db.select().from(knowledgeGaps).where(eq(knowledgeGaps.workspaceId, workspaceId)),
  messages: await database.db.select().from(messages).where(eq(messages.workspaceId, workspaceId)),
  endpoints: await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, workspaceId)),
});

beforeAll(async () => {
  database = await createTestDatabase();
  parley = await startParley(env, testLog, { database, serveWebApp: false });
  const a = await createTestTeam(database.db, { name: 'Workspace A' });
  const targets = await createIsolationTargets(database.db, a.workspace.id);
  const b = await createTestWorkspace(database.db, { name: 'Workspace B' });
  const keyOf = async (owner: { id: string }, workspaceId: string, scopes: TApiScope[]) => {
    const { token } = await createSession(database.db, { userId: owner.id });
    const team = httpClientTo(parley.url, { cookie: `${sessionCookieName(env)}=${token}` });
    return (await team.developer.createKey.mutate({ workspaceId, name: 'Matrix key', scopes })).secret;
  };
  outsiderKey = await keyOf(b.owner, b.workspace.id, [...API_SCOPES]);
  fullKeyOfA = await keyOf(a.owner, a.workspace.id, [...API_SCOPES]);
  keysWithout = await keysMissingEachScope((scopes) => keyOf(a.owner, a.workspace.id, scopes));
  document = (await (await fetch(`${parley.url}/api/openapi.json`)).json()) as TDocument;
  const started = await fetch(`${parley.url}/api/v1/workspaces/${a.workspace.id}/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fullKeyOfA}`, 'content-type': 'application/json' },
    body: JSON.stringify({ chatbotId: targets.chatbotId }),
  });
  const apiConversationId = ((await started.json()) as { conversation: { id: string } }).conversation.id;
  ids = {
    workspaceId: a.workspace.id,
    chatbotId: targets.chatbotId,
    conversationId: apiConversationId,
    sourceId: targets.sourceId,
    gapId: targets.gapId,
    endpointId: targets.endpointId,
    messageId: targets.deliveryId,
    userId: a.agent.id,
  };
}, 120_000);
afterAll(async () => {
  await parley?.close();
});

/** A value the schema accepts, with A's id wherever a field is named like one. */
function sampleOf(schema: TSchema, name: string): unknown {
  if (schema.$ref) return sampleOf(document.components!.schemas![schema.$ref.split('/').pop()!]!, name);
  if (name in ids) return ids[name];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sampleOf(options.find((option) => option.type !== 'null') ?? options[0]!, name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'email') return 'intruder@example.test';
      if (schema.format === 'uri') return 'https://evil.example/planted';
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date().toISOString();
      return 'Planted'.padEnd(schema.minLength ?? 0, '!');
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sampleOf(schema.items ?? {}, name));
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((key) => [key, sampleOf(schema.properties?.[key] ?? {}, key)]),
      );
    default:
      return 'Planted';
  }
}

// Deletions last, so A's own key still finds what the other routes aim at.
const operations = () =>
  Object.entries(document.paths)
    .flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
    )
    .sort((x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'));

/** Calls one operation with A's ids and a valid-looking input; returns the HTTP status. */
async function statusOf(op: ReturnType<typeof operations>[number], key: string | null) {
  const url = new URL(
    `${parley.url}/api/v1${op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[name]!))}`,
  );
  for (const parameter of op.operation.parameters ?? []) {
    if (parameter.in === 'query' && parameter.required) {
      url.searchParams.set(parameter.name, String(sampleOf(parameter.schema, parameter.name)));
    }
  }
  const schema = op.operation.requestBody?.content['application/json'].schema;
  const response = await fetch(url, {
    method: op.method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
    body:
      op.method === 'GET' || op.method === 'DELETE' ? undefined : JSON.stringify(schema ? sampleOf(schema, '') : {}),
  });
  const body = (await response.json()) as { code?: string; message?: string };
  expect(typeof body.message === 'string' || response.ok, `${op.operation.operationId} answers JSON`).toBe(true);
  return response.status;
}

const scopeOf = (operation: TOperation) => Object.values(operation.security[0]!)[0]![0] as TApiScope;

describe('workspace isolation over REST', () => {
  it('reads every operation and its scope from the document', () => {
    expect(operations().length).toBeGreaterThanOrEqual(40);
    for (const { operation } of operations()) expect(API_SCOPES).toContain(scopeOf(operation));
  });

  it('refuses every operation on A to a key of B, to a key of A without its scope, and to no key', async () => {
    const before = await snapshotOfA(ids.workspaceId!);
    const leaks: string[] = [];
    for (const op of operations()) {
      const id = op.operation.operationId;
      const outsider = await statusOf(op, outsiderKey);
      if (outsider !== 404 && outsider !== 403) leaks.push(`${id}: key of B got ${outsider}`);
      const unscoped = await statusOf(op, keysWithout[scopeOf(op.operation)]);
      if (unscoped !== 403) leaks.push(`${id}: key without ${scopeOf(op.operation)} got ${unscoped}`);
      const anonymous = await statusOf(op, null);
      if (anonymous !== 401) leaks.push(`${id}: no key got ${anonymous}`);
    }
    // One assertion over the whole table, so a failure lists every leaking route.
    expect(leaks).toEqual([]);
    expect(await snapshotOfA(ids.workspaceId!)).toEqual(before);
  }, 120_000);

  it('lets A’s own key through the same requests (so the refusals above are not input errors)', async () => {
    const refused: string[] = [];
    for (const op of operations()) {
      const status = await statusOf(op, fullKeyOfA);
      if (status === 401 || status === 403) refused.push(`${op.operation.operationId}: ${status}`);
    }
    expect(refused).toEqual([]);
  }, 120_000);
});
