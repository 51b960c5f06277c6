import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { eventPayloads } from '../../db/schema';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { createEventBus, NOTIFY_LIMIT_BYTES, type BusEvent, type EventBus } from './bus';

let database: Database;
let bus: EventBus;
beforeAll(async () => {
  database = await createTestDatabase();
  bus = await createEventBus(database, testLog);
});
afterAll(async () => {
  await bus.close();
  await database.close();
});

/** Subscribes now; `collect` then gathers events until `count` arrived or `ms` passed. */
function subscribeFor(count: number, ms = 1000) {
  const controller = new AbortController();
  const subscription = bus.subscribe(['system.notice'], { signal: controller.signal });
  return {
    collect: async () => {
      const timer = setTimeout(() => controller.abort(), ms);
      const got: BusEvent<'system.notice'>[] = [];
      for await (const event of subscription) {
        got.push(event);
        if (got.length === count) break;
      }
      clearTimeout(timer);
      return got;
    },
  };
}

describe('event bus', () => {
  it('delivers an event published in a transaction only once that transaction commits', async () => {
    const controller = new AbortController();
    const subscription = bus.subscribe(['system.notice'], { signal: controller.signal });
    const seenBeforeCommit: BusEvent[] = [];
    const iterator = subscription[Symbol.asyncIterator]();
    const first = iterator.next();
    first.then(({ value }) => value && seenBeforeCommit.push(value));

    await database.db.transaction(async (tx) => {
      await bus.publish('system.notice', { level: 'info', message: 'hello' }, { tx });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seenBeforeCommit).toEqual([]);
    });
    const { value } = await first;
    expect(value).toMatchObject({ type: 'system.notice', payload: { level: 'info', message: 'hello' } });
    expect(value?.publishedAt).toBeInstanceOf(Date);
    controller.abort();
  });

  it('drops the events of a transaction that rolls back', async () => {
    const subscription = subscribeFor(2, 300);
    await database.db
      .transaction(async (tx) => {
        await bus.publish('system.notice', { level: 'warning', message: 'never' }, { tx });
        throw new Error('rollback');
      })
      .catch(() => {});
    await bus.publish('system.notice', { level: 'info', message: 'after' });
    const got = await subscription.collect();
    expect(got.map((event) => event.payload)).toEqual([{ level: 'info', message: 'after' }]);
  });

  it('carries payloads over the NOTIFY limit through the table, in order, with types intact', async () => {
    const subscription = subscribeFor(2);
    const big = 'x'.repeat(NOTIFY_LIMIT_BYTES * 2);
    await bus.publish('system.notice', { level: 'info', message: big });
    await bus.publish('system.notice', { level: 'info', message: 'small, right after' });
    const got = await subscription.collect();
    expect(got.map((event) => event.payload.message.length)).toEqual([big.length, 18]);
    expect(await database.db.$count(eventPayloads)).toBeGreaterThanOrEqual(1);
  });

  it('filters per subscriber and ends when the signal aborts', async () => {
    const controller = new AbortController();
    const subscription = bus.subscribe(['system.notice'], {
      signal: controller.signal,
      filter: (event) => event.payload.level === 'warning',
    });
    await bus.publish('system.notice', { level: 'info', message: 'skip me' });
    await bus.publish('system.notice', { level: 'warning', message: 'keep me' });
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.payload).toEqual({ level: 'warning', message: 'keep me' });
    const pending = iterator.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('prunes stored payloads by age', async () => {
    const [old] = await database.db
      .insert(eventPayloads)
      .values({ type: 'system.notice', payload: '{}', createdAt: new Date(Date.now() - 3 * 3600_000) })
      .returning();
    expect(await bus.prune(60)).toBeGreaterThanOrEqual(1);
    expect(await database.db.select().from(eventPayloads).where(eq(eventPayloads.id, old!.id))).toEqual([]);
  });
});
