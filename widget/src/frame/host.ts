/**
 * The frame's side of the postMessage channel with the loader on the host
 * page: posts only to `boot.hostOrigin`, accepts only from that origin and
 * from the parent window, and checks every message with the zod schema.
 */
import { envelope, isFromPeer, parseToFrame, type TToFrame, type TToLoaderBody } from '../protocol';

export type THostBridge = { post: (body: TToLoaderBody) => void; isEmbedded: boolean };

export const createHostBridge = (options: {
  hostOrigin: string | null;
  onMessage: (message: TToFrame) => void;
}): THostBridge => {
  const parent = window.parent !== window ? window.parent : null;
  const { hostOrigin } = options;
  if (parent && hostOrigin) {
    window.addEventListener('message', (event) => {
      if (!isFromPeer(event, { origin: hostOrigin, source: parent })) return;
      const message = parseToFrame(event.data);
      if (message) options.onMessage(message);
    });
  }
  return {
    isEmbedded: !!(parent && hostOrigin),
    post: (body) => {
      if (parent && hostOrigin) parent.postMessage(envelope(body), hostOrigin);
    },
  };
};
