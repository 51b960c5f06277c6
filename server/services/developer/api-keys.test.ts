import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, auditLog, memberships } from '../../../db/schema';
import { createTestChatbot } from '../../../tests/factories/chatbots';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, failureOf, type TTestApp } from '../../../tests/helpers/app';

type TTeam = Awaited<ReturnType<typeof createTestTeam>>;

let h: TTestApp;
let team: TTeam;
beforeAll(async () => {
  h = await createTestApp({ env: { API_KEY_RATE_LIMIT: '5' } });
  team = await createTestTeam(h.db, { name: 'Keys' });
  await createTestChatbot(h.db, { workspaceId: team.workspace.id, name: 'Helper' });
});
afterAll(() => h.close());

const create = async (scopes: string[], extra: { expiresAt?: Date } = {}) =>
  (await h.as(team.admin)).developer.createKey({
    workspaceId: team.workspace.id,
    name: 'CI bot',
    scopes: scopes as never,
    ...extra,
  });

const auditActions = async (keyId: string) =>
  (await h.db.select().from(auditLog).where(eq(auditLog.targetId, keyId))).map((entry) => entry.action).sort();

describe('workspace API keys', () => {
  it('shows the secret once and stores nothing that reveals it', async () => {
    const { key, secret } = await create(['chatbots:read']);
    expect(secret).toMatch(/^pk_live_[a-z0-9]{12}_[a-z0-9]{52}$/);
    expect(secret.startsWith(key.prefix + '_')).toBe(true);
    const listed = await (await h.as(team.owner)).developer.listKeys({ workspaceId: team.workspace.id });
    expect(JSON.stringify(listed)).not.toContain(secret.slice(key.prefix.length + 1));
    await (await h.asKey(secret)).chatbot.list({ workspaceId: team.workspace.id });

    // Every row of every table, as text: neither the key nor its secret part is anywhere.
    const tables = await h.database.executeSql(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
      [],
    );
    const secretPart = secret.split('_').pop()!;
    const found: string[] = [];
    for (const { table_name: table } of tables.rows as { table_name: string }[]) {
      const hits = await h.database.executeSql(
        `select count(*)::int as n from "${table}" t where t::text like $1 or t::text like $2`,
        [`%${secret}%`, `%${secretPart}%`],
      );
      if ((hits.rows[0] as { n: number }).n > 0) found.push(table);
    }
    expect(tables.rows.length).toBeGreaterThan(20);
    expect(found).toEqual([]);
  });

  it('acts within its scopes and records when and where it was last used', async () => {
    const { key, secret } = await create(['chatbots:read']);
    await (await h.asKey(secret, { ip: '198.51.100.21' })).chatbot.list({ workspaceId: team.workspace.id });
    const bots = await (
      await h.asKey(secret, { ip: '198.51.100.20' })
    ).chatbot.list({ workspaceId: team.workspace.id });
    expect(bots.map((bot) => bot.name)).toEqual(['Helper']);
    const refused = await failureOf(
      (await h.asKey(secret)).chatbot.create({ workspaceId: team.workspace.id, name: 'No', template: 'support' }),
    );
    expect(refused).toMatchObject({
      code: 'FORBIDDEN',
      message: 'This API key lacks the "chatbots:write" scope this call needs.',
    });
    const [listed] = (await (await h.as(team.owner)).developer.listKeys({ workspaceId: team.workspace.id })).filter(
      (row) => row.id === key.id,
    );
    expect(listed).toMatchObject({ lastUsedIp: '198.51.100.20', revokedAt: null });
    expect(listed!.lastUsedAt).toBeInstanceOf(Date);
    // Created, then a first use from each of two addresses (a refused call is no use).
    expect(await auditActions(key.id)).toEqual([
      'api_key.created',
      'api_key.used_from_new_address',
      'api_key.used_from_new_address',
    ]);
  });

  it('is refused at once after revocation, and after its expiry', async () => {
    const { key, secret } = await create(['chatbots:read']);
    const caller = await h.asKey(secret);
    await caller.chatbot.list({ workspaceId: team.workspace.id });
    await (await h.as(team.owner)).developer.revokeKey({ workspaceId: team.workspace.id, keyId: key.id });
    const refused = await failureOf(caller.chatbot.list({ workspaceId: team.workspace.id }));
    expect(refused).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'This API key is not valid, has expired or has been revoked.',
    });
    // A program gets the refusal in the language its request asks for.
    const { caller: german } = await h.request({
      headers: { authorization: `Bearer ${secret}`, 'accept-language': 'de-DE,de;q=0.9' },
    });
    expect(await failureOf(german.chatbot.list({ workspaceId: team.workspace.id }))).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'Dieser API-Schlüssel ist ungültig, abgelaufen oder wurde widerrufen.',
    });
    expect(await auditActions(key.id)).toContain('api_key.revoked');
    // Twice is "not found": nothing is revoked again.
    const again = await failureOf(
      (await h.as(team.owner)).developer.revokeKey({ workspaceId: team.workspace.id, keyId: key.id }),
    );
    expect(again.code).toBe('NOT_FOUND');

    const expiring = await create(['chatbots:read'], { expiresAt: new Date(Date.now() + 120_000) });
    await h.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, expiring.key.id));
    const expired = await failureOf((await h.asKey(expiring.secret)).chatbot.list({ workspaceId: team.workspace.id }));
    expect(expired).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses keys of a creator who is no longer an admin, and agents cannot make keys', async () => {
    const refused = await failureOf(
      (await h.as(team.agent)).developer.createKey({
        workspaceId: team.workspace.id,
        name: 'Mine',
        scopes: ['chatbots:read'],
      }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    const { secret } = await create(['chatbots:read']);
    await h.db
      .update(memberships)
      .set({ role: 'agent' })
      .where(sql`${memberships.userId} = ${team.admin.id}`);
    const demoted = await failureOf((await h.asKey(secret)).chatbot.list({ workspaceId: team.workspace.id }));
    expect(demoted.code).toBe('FORBIDDEN');
    await h.db
      .update(memberships)
      .set({ role: 'admin' })
      .where(sql`${memberships.userId} = ${team.admin.id}`);
  });

  it('refuses calls past its per-minute limit with a clear 429', async () => {
    const { secret } = await create(['chatbots:read']);
    const headers = new Map<string, string>();
    const caller = async () => {
      const { ctx } = await h.request({ headers: { authorization: `Bearer ${secret}` } });
      ctx.setHeader = (name, value) => headers.set(name, value);
      const { createCaller } = await import('../../trpc/router');
      return createCaller(ctx);
    };
    for (let call = 0; call < 5; call++) await (await caller()).chatbot.list({ workspaceId: team.workspace.id });
    expect(headers.get('RateLimit-Remaining')).toBe('0');
    const refused = await failureOf((await caller()).chatbot.list({ workspaceId: team.workspace.id }));
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.message).toMatch(/more than 5 calls in a minute\. Wait \d+ seconds/);
    expect(headers.get('RateLimit-Limit')).toBe('5');
    expect(Number(headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('validates what a key is made of', async () => {
    const caller = await h.as(team.owner);
    const noScopes = await failureOf(
      caller.developer.createKey({ workspaceId: team.workspace.id, name: 'x', scopes: [] }),
    );
    expect(noScopes.message).toContain('Choose at least one scope.');
    const past = await failureOf(
      caller.developer.createKey({
        workspaceId: team.workspace.id,
        name: 'x',
        scopes: ['chat'],
        expiresAt: new Date(Date.now() - 1000),
      }),
    );
    expect(past.message).toContain('Choose an expiry in the future.');
  });
});
