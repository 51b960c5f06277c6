import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/client';
import { createTestDatabase } from '../../../tests/helpers/db';
import { testLog } from '../../../tests/helpers/log';
import { createEventBus, type EventBus } from '../../events/bus';
import { typingThrottleFor } from './typing-throttle';

// Two buses on one database stand for two processes: each hears the other's events.
let database: Database;
let processA: EventBus;
let processB: EventBus;
beforeAll(async () => {
  database = await createTestDatabase();
  processA = await createEventBus(database, testLog);
  processB = await createEventBus(database, testLog);
  // As startParley does: each process's throttle listens from the start.
  typingThrottleFor(processA);
  typingThrottleFor(processB);
});
afterAll(async () => {
  await processA.close();
  await processB.close();
  await database.close();
});

const ref = () => ({ workspaceId: randomUUID(), chatbotId: randomUUID(), conversationId: randomUUID() });

/** Publishes on one bus and resolves once the other has heard it. */
const publishAndHear = async (from: EventBus, to: EventBus, payload: Parameters<EventBus['publish']>[1]) => {
  const heard: unknown[] = [];
  const controller = new AbortController();
  to.listen(['typing'], (event) => heard.push(event.payload), { signal: controller.signal });
  await from.publish('typing', payload as never);
  await vi.waitFor(() => expect(heard).toContainEqual(payload), { timeout: 5_000, interval: 20 });
  controller.abort();
};

describe('typing throttle across processes', () => {
  it('lets the "stopped" of a visitor who started on another process through, once', async () => {
    const visitorId = randomUUID();
    const visitor = { who: 'visitor' as const, visitorId };
    expect(typingThrottleFor(processA).admit(visitor, true)).toBe(true);
    await publishAndHear(processA, processB, {
      ...ref(),
      who: 'visitor',
      name: null,
      isTyping: true,
      actorId: visitorId,
    });

    const b = typingThrottleFor(processB);
    // A repeat within the interval is held back here too, though it was not started here.
    expect(b.admit(visitor, true)).toBe(false);
    expect(b.admit(visitor, false)).toBe(true);
    expect(b.admit(visitor, false)).toBe(false);
  });

  it('keeps a member apart per conversation, and sends a forced "stopped" regardless', async () => {
    const userId = randomUUID();
    const first = ref();
    await publishAndHear(processA, processB, {
      ...first,
      who: 'operator',
      name: 'Ana',
      isTyping: true,
      actorId: userId,
    });
    const b = typingThrottleFor(processB);
    expect(b.admit({ who: 'operator', userId, conversationId: first.conversationId }, true)).toBe(false);
    expect(b.admit({ who: 'operator', userId, conversationId: randomUUID() }, true)).toBe(true);
    const other = { who: 'operator' as const, userId, conversationId: randomUUID() };
    expect(b.admit(other, false)).toBe(false);
    expect(b.admit(other, false, { force: true })).toBe(true);
  });
});
