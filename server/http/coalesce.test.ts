import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { coalesceFrames } from './coalesce';

type TWrites = { calls: number };

/** A server whose sockets coalesce, counting the writes each socket hands to the system. */
async function start(onConnection: (client: WebSocket, writes: TWrites) => void) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (client, req) => {
    const socket = req.socket as Socket & Record<string, unknown>;
    const writes = { calls: 0 };
    for (const method of ['_write', '_writev'] as const) {
      const original = socket[method] as (...args: unknown[]) => void;
      socket[method] = (...args: unknown[]) => {
        writes.calls += 1;
        return original.apply(socket, args);
      };
    }
    coalesceFrames(client, socket);
    onConnection(client, writes);
  });
  await new Promise((resolve) => wss.once('listening', resolve));
  return wss;
}

let wss: WebSocketServer | null = null;
afterEach(async () => {
  for (const client of wss?.clients ?? []) client.terminate();
  await new Promise((resolve) => wss?.close(resolve));
  wss = null;
});

/** Connects and collects `count` messages. */
async function receive(port: number, count: number) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`);
  const received: string[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      received.push(String(data));
      if (received.length === count) resolve();
    });
    socket.on('error', reject);
  });
  socket.close();
  return received;
}

describe('coalesceFrames', () => {
  it('sends the frames of one turn of the event loop in one write, in order', async () => {
    const frames = ['a', 'b'.repeat(2000), 'c', 'd'.repeat(100_000)];
    let writes: TWrites | null = null;
    wss = await start((client, counted) => {
      writes = counted;
      for (const frame of frames) client.send(frame);
    });
    const port = (wss.address() as { port: number }).port;
    expect(await receive(port, frames.length)).toEqual(frames);
    expect(writes!.calls).toBe(1);
  });

  it('sends again in later turns', async () => {
    let writes: TWrites | null = null;
    wss = await start((client, counted) => {
      writes = counted;
      client.send('first');
      client.send('second');
      setTimeout(() => {
        client.send('third');
        setImmediate(() => client.send('fourth'));
      }, 20);
    });
    const port = (wss.address() as { port: number }).port;
    expect(await receive(port, 4)).toEqual(['first', 'second', 'third', 'fourth']);
    expect(writes!.calls).toBe(3);
  });
});
