import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { memberships, sessions, users, workspaces } from '../../db/schema';
import { addTestMember, createTestUser, createTestWorkspace } from '../../tests/factories/workspaces';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { createSession } from '../services/account/sessions';
import { ACCESS_EVENT_MAX_IDS } from './access';
import { createEventBus, type BusEvent, type EventBus } from './bus';

let database: Database;
/** Two buses on one database, as two processes would have: both must hear the database's own events. */
let buses: [EventBus, EventBus];
beforeAll(async () => {
  database = await createTestDatabase();
  buses = [await createEventBus(database, testLog), await createEventBus(database, testLog)];
});
afterAll(async () => {
  for (const bus of buses) await bus.close();
  await database.close();
});

type TAccessEvent = BusEvent<'session.revoked' | 'membership.changed'>;

/** Every access event each bus delivers while `act` runs, and a little after. */
async function heardDuring(act: () => Promise<unknown>) {
  const controller = new AbortController();
  const heard: TAccessEvent[][] = buses.map(() => []);
  buses.forEach((bus, index) =>
    bus.listen(['session.revoked', 'membership.changed'], (event) => heard[index]!.push(event), {
      signal: controller.signal,
    }),
  );
  await act();
  await new Promise((resolve) => setTimeout(resolve, 150));
  controller.abort();
  return heard;
}

/** Exactly the keys and value types of the TypeScript twin (server/events/access.ts), nothing more. */
const expectShape = (event: TAccessEvent) => {
  expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(event.publishedAt).toBeInstanceOf(Date);
  expect(Math.abs(event.publishedAt.getTime() - Date.now())).toBeLessThan(10_000);
  if (event.type === 'session.revoked') {
    expect(Object.keys(event.payload).sort()).toEqual(['sessionIds', 'userId']);
    expect(event.payload.userId).toEqual(expect.any(String));
    expect(event.payload.sessionIds.every((id) => typeof id === 'string')).toBe(true);
  } else {
    expect(Object.keys(event.payload).sort()).toEqual(['userIds', 'workspaceId']);
    expect(event.payload.workspaceId).toEqual(expect.any(String));
    expect(event.payload.userIds.every((id) => typeof id === 'string')).toBe(true);
  }
};

describe('access events published by the database (the SQL and its TypeScript twin)', () => {
  it('announces a deleted session to every bus, in the bus format, once the transaction commits', async () => {
    const user = await createTestUser(database.db);
    const { session } = await createSession(database.db, { userId: user.id });
    const heard = await heardDuring(() => database.db.delete(sessions).where(eq(sessions.id, session.id)));
    for (const events of heard) {
      expect(events).toHaveLength(1);
      expectShape(events[0]!);
      expect(events[0]).toMatchObject({
        type: 'session.revoked',
        payload: { userId: user.id, sessionIds: [session.id] },
      });
    }
  });

  it('says nothing for a deletion that rolls back', async () => {
    const user = await createTestUser(database.db);
    const { session } = await createSession(database.db, { userId: user.id });
    const heard = await heardDuring(() =>
      database.db
        .transaction(async (tx) => {
          await tx.delete(sessions).where(eq(sessions.id, session.id));
          throw new Error('rollback');
        })
        .catch(() => {}),
    );
    expect(heard).toEqual([[], []]);
  });

  it('splits one statement deleting hundreds of sessions into events under the NOTIFY limit, per user', async () => {
    const [many, one] = [await createTestUser(database.db), await createTestUser(database.db)];
    const ids: string[] = [];
    for (let i = 0; i < 2 * ACCESS_EVENT_MAX_IDS + 50; i++) {
      ids.push((await createSession(database.db, { userId: many.id })).session.id);
    }
    const lone = (await createSession(database.db, { userId: one.id })).session.id;
    const [heard] = await heardDuring(() =>
      database.db.delete(sessions).where(inArray(sessions.userId, [many.id, one.id])),
    );
    const ofMany = heard!.filter((event) => event.type === 'session.revoked' && event.payload.userId === many.id);
    expect(ofMany).toHaveLength(3);
    expect(
      ofMany.flatMap((event) => (event.type === 'session.revoked' ? event.payload.sessionIds : [])).sort(),
    ).toEqual(ids.sort());
    expect(heard!.find((event) => event.type === 'session.revoked' && event.payload.userId === one.id)).toMatchObject({
      payload: { sessionIds: [lone] },
    });
  });

  it('announces removed members and changed roles, not an update that keeps every role', async () => {
    const { workspace, owner } = await createTestWorkspace(database.db);
    const [agent, admin] = [await createTestUser(database.db), await createTestUser(database.db)];
    await addTestMember(database.db, { workspaceId: workspace.id, userId: agent.id, role: 'agent' });
    await addTestMember(database.db, { workspaceId: workspace.id, userId: admin.id, role: 'admin' });
    const inWorkspace = eq(memberships.workspaceId, workspace.id);

    const [kept] = await heardDuring(() =>
      database.db.update(memberships).set({ role: 'admin' }).where(eq(memberships.userId, admin.id)),
    );
    expect(kept).toEqual([]);

    const [demoted] = await heardDuring(() =>
      database.db.update(memberships).set({ role: 'agent' }).where(eq(memberships.userId, admin.id)),
    );
    expect(demoted).toHaveLength(1);
    expectShape(demoted![0]!);
    expect(demoted![0]).toMatchObject({ payload: { workspaceId: workspace.id, userIds: [admin.id] } });

    const [removed] = await heardDuring(() => database.db.delete(memberships).where(eq(memberships.userId, agent.id)));
    expect(removed).toMatchObject([
      { type: 'membership.changed', payload: { workspaceId: workspace.id, userIds: [agent.id] } },
    ]);

    // Deleting the workspace removes the rest through the foreign key's cascade.
    const [deleted] = await heardDuring(() => database.db.delete(workspaces).where(eq(workspaces.id, workspace.id)));
    expect(deleted).toHaveLength(1);
    expect(deleted![0]!.payload).toEqual({ workspaceId: workspace.id, userIds: [admin.id, owner.id].sort() });
    expect(await database.db.$count(memberships, inWorkspace)).toBe(0);
  });

  it('announces both when an account is deleted (its sessions and memberships go by cascade)', async () => {
    const { workspace } = await createTestWorkspace(database.db);
    const member = await createTestUser(database.db);
    await addTestMember(database.db, { workspaceId: workspace.id, userId: member.id, role: 'agent' });
    const { session } = await createSession(database.db, { userId: member.id });
    const [heard] = await heardDuring(() => database.db.delete(users).where(eq(users.id, member.id)));
    expect(heard!.map((event) => [event.type, event.payload]).sort()).toEqual([
      ['membership.changed', { workspaceId: workspace.id, userIds: [member.id] }],
      ['session.revoked', { userId: member.id, sessionIds: [session.id] }],
    ]);
  });
});
