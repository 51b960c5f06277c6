import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { collect, createLiveChatbot } from '../../../tests/helpers/widget';
import type { TWidgetEvent } from './present';

/**
 * Two Parley "processes" on one database: each with its own event bus,
 * contexts, session caches and answer runner. The bus has no in-memory
 * shortcut — publishing is only `pg_notify`, receiving only LISTEN — so
 * what one publishes reaches the other through the database, as between
 * processes on one Postgres. (Both share one PGlite here: PGlite served
 * over the wire, pglite-socket, does not forward notifications, so a
 * postgres.js pair cannot be tested without a real Postgres server.)
 */
let one: TTestApp;
let two: TTestApp;

beforeAll(async () => {
  one = await createTestApp();
  // The second process on the first one's database; it leaves closing that database to the first.
  two = await createTestApp({ database: one.database });
});
afterAll(async () => {
  await two?.close();
  await one?.close();
});

describe('two app instances on one database', () => {
  it('deliver a message sent through one to a visitor and an operator listening on the other', async () => {
    const team = await createTestTeam(one.db, { name: 'Acme' });
    const bot = await createLiveChatbot(one.db, { workspaceId: team.workspace.id });
    const visitor = await one.newVisitor(bot.publicKey);

    const controller = new AbortController();
    const onTwo = await two.asVisitor(visitor.visitorToken, { signal: controller.signal });
    const stream = collect<TWidgetEvent>(await onTwo.onEvent());
    const operator = collect<{ type: string }>(
      await (await two.as(team.agent, { signal: controller.signal })).inbox.onEvent({ workspaceId: team.workspace.id }),
    );
    await expect.poll(() => stream.items.map((i) => i.data.type)).toEqual(['ready']);

    // Sent through instance one (its token, signed there, verifies on two: one secret per installation).
    const sent = await visitor.widget.send({ content: 'Across processes', clientId: 'fanout-message-1' });
    await expect
      .poll(() => stream.items.find((i) => i.data.type === 'message.created')?.data, { timeout: 5000 })
      .toMatchObject({ message: { id: sent.id, content: 'Across processes' } });
    await expect
      .poll(() => operator.items.map((i) => i.data.type), { timeout: 5000 })
      .toEqual(expect.arrayContaining(['conversation.created', 'message.created']));
    controller.abort();
  });
});
