import type { Writable } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * Frames sent to one WebSocket in one turn of the event loop leave in one
 * write: a visitor's send answers with its reply and its event together, and
 * an operator's burst of inbox events costs one system call, not one each.
 * `ws` corks the TCP socket around every frame; an outer cork held until the
 * turn ends (setImmediate) makes Node hand all of them to one writev.
 */
export function coalesceFrames(client: WebSocket, socket: Pick<Writable, 'cork' | 'uncork'>) {
  let isCorked = false;
  const uncork = () => {
    isCorked = false;
    socket.uncork();
  };
  const send = client.send.bind(client);
  client.send = ((...args: Parameters<WebSocket['send']>) => {
    if (!isCorked) {
      isCorked = true;
      socket.cork();
      setImmediate(uncork);
    }
    return send(...args);
  }) as WebSocket['send'];
}
