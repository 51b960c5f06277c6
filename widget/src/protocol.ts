/**
 * The postMessage protocol between the loader (`widget.js`, on the host page)
 * and the chat frame (on Parley's origin). Every message is an object
 * `{ parley: 1, type, … }`; anything else on the channel (other scripts,
 * extensions) is ignored. Both sides post with an explicit target origin and
 * accept a message only from the other side's origin (and, in the loader, only
 * from the frame's window), then check its shape here.
 */
import * as z from 'zod/mini';
import { PROTOCOL_VERSION, TOKEN_MAX } from './protocol-core';

export { envelope, isFromPeer, PROTOCOL_VERSION } from './protocol-core';
export type { THostMessage, TStylePatch, TToFrameBody, TToLoaderBody } from './protocol-core';

const ZPrimitive = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ZRecord = z.record(z.string(), ZPrimitive);

const ZToken = z.string().check(z.maxLength(TOKEN_MAX), z.regex(/^[\w.-]+$/));

const ZStylePatch = z.partial(
  z.object({
    primaryColor: z.string(),
    position: z.enum(['bottom-right', 'bottom-left']),
    launcherLabel: z.string(),
    theme: z.enum(['auto', 'light', 'dark']),
    cornerRadius: z.number(),
    font: z.enum(['system', 'sans', 'serif', 'rounded', 'mono']),
  }),
);

const msg = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z.object({ parley: z.literal(PROTOCOL_VERSION), type: z.literal(type), ...shape });

/** Loader → frame. */
export const ZToFrame = z.discriminatedUnion('type', [
  msg('open', {}),
  msg('close', {}),
  /** `Parley('identify', { name, email, ...traits })`, as the host page gave it. */
  msg('identify', { data: ZRecord }),
  msg('setContext', { context: ZRecord }),
  /** Preview pages only (`data-preview`): a style change to show at once. */
  msg('style', { style: ZStylePatch }),
  /** The visitor token the host page's own storage keeps for this chatbot: it survives a frame without storage. */
  msg('visitor', { token: z.nullable(ZToken) }),
  /** `Parley('forget')`: erase the visitor's data on the server and start afresh. */
  msg('forget', {}),
]);
export type TToFrame = z.infer<typeof ZToFrame>;

/** What the host page's `Parley('on', 'message', fn)` receives. */
const ZHostMessage = z.object({
  id: z.string(),
  role: z.enum(['visitor', 'bot', 'operator', 'system']),
  content: z.string(),
  authorName: z.nullable(z.string()),
  createdAt: z.string(),
});

/** Frame → loader. */
export const ZToLoader = z.discriminatedUnion('type', [
  msg('ready', {}),
  msg('unread', { count: z.number() }),
  msg('message', { message: ZHostMessage }),
  /** The visitor minimised the chat inside the frame. */
  msg('close', {}),
  msg('open', {}),
  /** A new or rotated visitor token for the host page to keep. */
  msg('visitor', { token: ZToken }),
  /** The visitor's data is erased: the host page drops the token it kept. */
  msg('forgotten', {}),
]);
export type TToLoader = z.infer<typeof ZToLoader>;

/** Parses a message for the frame; null when it is not one of ours or malformed. */
export const parseToFrame = (data: unknown): TToFrame | null => {
  const result = ZToFrame.safeParse(data);
  return result.success ? result.data : null;
};

/** Parses a message for the loader; null when it is not one of ours or malformed. */
export const parseToLoader = (data: unknown): TToLoader | null => {
  const result = ZToLoader.safeParse(data);
  return result.success ? result.data : null;
};
