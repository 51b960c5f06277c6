import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createLoginUser } from '../../tests/factories/users';
import { createTestApp, type TTestApp } from '../../tests/helpers/app';
import { createSession } from '../services/account/sessions';
import { createCaller } from '../trpc/router';
import { createSocketRegistry, SESSION_ENDED } from './socket-registry';

let server: TTestApp;
beforeAll(async () => {
  server = await createTestApp();
});
afterAll(() => server.close());

/** Enough of a ws socket for the registry: its state, `close` and the 'close' event. */
const fakeSocket = () => {
  const socket = Object.assign(new EventEmitter(), {
    OPEN: 1,
    readyState: 1,
    closedWith: null as { code: number; reason: string } | null,
    close(code: number, reason: string) {
      socket.closedWith = { code, reason };
      socket.readyState = 3;
      socket.emit('close');
    },
  });
  return socket;
};

/** A WebSocket's context for a fresh session of a fresh user. */
const socketContext = async () => {
  const user = await createLoginUser(server.db);
  const { token } = await createSession(server.db, { userId: user.id });
  const { ctx } = await server.request({ token, transport: 'ws' });
  return { user, ctx };
};

describe('the socket registry', () => {
  it('ends a revoked session on its sockets: closed with 4401, and a call still on its way answers UNAUTHORIZED', async () => {
    const registry = createSocketRegistry();
    const { user, ctx } = await socketContext();
    const socket = fakeSocket();
    registry.attach(registry.add(socket as unknown as WebSocket, '10.0.0.1'), ctx);
    expect(registry.countForSession(ctx.session!.id)).toBe(1);
    expect(await createCaller(ctx).account.me()).toMatchObject({ id: user.id });

    registry.revoke([ctx.session!.id]);

    expect(socket.closedWith).toEqual(SESSION_ENDED);
    await expect(createCaller(ctx).workspace.list()).toFailWith({ code: 'UNAUTHORIZED' });
    expect(registry.countFromAddress('10.0.0.1')).toBe(0);
  });

  it('ends a socket whose context was still being built when its session was revoked', async () => {
    const registry = createSocketRegistry();
    const { ctx } = await socketContext();
    const socket = fakeSocket();
    const entry = registry.add(socket as unknown as WebSocket, '10.0.0.2');
    registry.revoke([ctx.session!.id]);
    registry.attach(entry, ctx);
    expect(socket.closedWith).toEqual(SESSION_ENDED);
    expect(ctx.user).toBeNull();
  });

  it('counts sockets per address and per session until they close', async () => {
    const registry = createSocketRegistry();
    const { ctx } = await socketContext();
    const sockets = [fakeSocket(), fakeSocket()];
    for (const socket of sockets) registry.attach(registry.add(socket as unknown as WebSocket, '10.0.0.3'), ctx);
    expect([registry.countFromAddress('10.0.0.3'), registry.countForSession(ctx.session!.id)]).toEqual([2, 2]);
    sockets[0]!.close(1000, '');
    expect([registry.countFromAddress('10.0.0.3'), registry.countForSession(ctx.session!.id)]).toEqual([1, 1]);
    sockets[1]!.close(1000, '');
    expect([registry.countFromAddress('10.0.0.3'), registry.countForSession(ctx.session!.id)]).toEqual([0, 0]);
  });
});
