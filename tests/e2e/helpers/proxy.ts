import net from 'node:net';
import { freePort } from '../../helpers/net';

export type CuttableProxy = {
  port: number;
  /** Drops every open connection and refuses new ones, like a network going away. */
  cut: () => void;
  restore: () => void;
  close: () => Promise<void>;
};

/**
 * A TCP proxy in front of the app that a test can cut and restore: the only
 * way to take a browser's WebSocket away mid-conversation and give it back
 * exactly as a flaky network would, without touching the page or the server.
 */
export async function cuttableProxy(targetPort: () => number): Promise<CuttableProxy> {
  const port = await freePort();
  const open = new Set<net.Socket>();
  let isCut = false;
  const server = net.createServer((client) => {
    if (isCut) return client.destroy();
    const upstream = net.connect(targetPort(), '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    cut: () => {
      isCut = true;
      for (const socket of open) socket.destroy();
    },
    restore: () => {
      isCut = false;
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
