import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { createTestDatabase } from '../../tests/helpers/db';
import { listAudit, recordAudit } from './audit';

describe('audit trail', () => {
  let t: Database;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it('records actors by kind and finds entries by workspace and text', async () => {
    const workspaceA = '00000000-0000-4000-8000-00000000000a';
    const workspaceB = '00000000-0000-4000-8000-00000000000b';
    await recordAudit(t.db, {
      actor: { kind: 'user', id: '00000000-0000-4000-8000-000000000001', email: 'ann@example.com' },
      action: 'member.role_changed',
      workspaceId: workspaceA,
      target: { type: 'user', id: 'u2', label: 'bob@example.com' },
      ip: '203.0.113.9',
      details: { from: 'agent', to: 'admin' },
    });
    await recordAudit(t.db, {
      actor: { kind: 'api_key', id: '00000000-0000-4000-8000-000000000002', name: 'ci_bot' },
      action: 'chatbot.deleted',
      workspaceId: workspaceB,
    });
    await recordAudit(t.db, { actor: { kind: 'system' }, action: 'retention.purged', workspaceId: workspaceA });

    const inA = await listAudit(t.db, { workspaceId: workspaceA });
    expect(inA.map((e) => e.action)).toEqual(['retention.purged', 'member.role_changed']);
    expect(inA[1]).toMatchObject({ actorLabel: 'ann@example.com', targetLabel: 'bob@example.com', ip: '203.0.113.9' });
    expect(inA[0]!.actorLabel).toBe('system');

    const byText = await listAudit(t.db, { search: 'BOB@' });
    expect(byText.map((e) => e.action)).toEqual(['member.role_changed']);
    // A LIKE wildcard in the search is taken literally.
    expect(await listAudit(t.db, { search: '_' })).toEqual([
      expect.objectContaining({ actorLabel: 'API key ci_bot' }),
      expect.objectContaining({ action: 'member.role_changed' }),
    ]);
    expect(await listAudit(t.db, { search: '%' })).toEqual([]);
  });
});
