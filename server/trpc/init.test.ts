import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import type { Database } from '../../db/client';
import { createEventBus, type BusEvent, type EventBus } from '../events/bus';
import { transformer } from './init';

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

describe('the tRPC transformer', () => {
  it('serialises a delivered bus event once for every subscriber, exactly as superjson would', async () => {
    const controller = new AbortController();
    const received: BusEvent<'typing'>[] = [];
    const listening = (async () => {
      for await (const event of bus.subscribe(['typing'], { signal: controller.signal })) {
        received.push(event);
        controller.abort();
      }
    })();
    const payload = {
      workspaceId: 'w',
      chatbotId: 'c',
      conversationId: 'v',
      who: 'operator' as const,
      name: 'Agnes',
      isTyping: true,
    };
    await bus.publish('typing', payload);
    await listening;
    const event = received[0]!;
    // tRPC wraps a tracked event in a fresh { id, data } for each subscriber.
    const first = transformer.serialize({ id: event.id, data: event });
    const second = transformer.serialize({ id: event.id, data: event });
    expect(first).toEqual(superjson.serialize({ id: event.id, data: event }));
    expect(second.json).toEqual(first.json);
    expect((second.json as { data: unknown }).data).toBe((first.json as { data: unknown }).data);
    const back = transformer.deserialize<{ id: string; data: BusEvent<'typing'> }>(JSON.parse(JSON.stringify(second)));
    expect(back.data.publishedAt).toBeInstanceOf(Date);
    expect(back).toEqual({ id: event.id, data: event });
    // Anything else is plain superjson.
    const other = { id: 'x', data: { at: new Date(0) } };
    expect(transformer.serialize(other)).toEqual(superjson.serialize(other));
  });
});
