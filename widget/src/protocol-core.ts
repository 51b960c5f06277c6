/**
 * The zod-free half of the postMessage protocol (see protocol.ts): what the
 * loader needs. zod/mini alone would take the loader from about 3 KB to 11 KB
 * gzipped, twice its 5 KB budget, so the loader checks the frame's messages
 * by hand here; protocol.test.ts holds this check to the zod schema the
 * frame uses, sample by sample.
 */
export const PROTOCOL_VERSION = 1;

export type THostMessage = {
  id: string;
  role: 'visitor' | 'bot' | 'operator' | 'system';
  content: string;
  authorName: string | null;
  createdAt: string;
};

export type TStylePatch = Partial<{
  primaryColor: string;
  position: 'bottom-right' | 'bottom-left';
  launcherLabel: string;
  theme: 'auto' | 'light' | 'dark';
  cornerRadius: number;
  font: 'system' | 'sans' | 'serif' | 'rounded' | 'mono';
}>;

type TPrimitives = Record<string, string | number | boolean | null>;

/** Loader → frame, without the `parley` prefix. */
export type TToFrameBody =
  | { type: 'open' }
  | { type: 'close' }
  | { type: 'identify'; data: TPrimitives }
  | { type: 'setContext'; context: TPrimitives }
  | { type: 'style'; style: TStylePatch }
  /** The visitor token the host page keeps for this chatbot (null: none yet). */
  | { type: 'visitor'; token: string | null }
  /** `Parley('forget')`: erase the visitor's data and start afresh. */
  | { type: 'forget' };

/** Frame → loader, without the `parley` prefix. */
export type TToLoaderBody =
  | { type: 'ready' }
  | { type: 'unread'; count: number }
  | { type: 'message'; message: THostMessage }
  | { type: 'close' }
  | { type: 'open' }
  /** A new or rotated visitor token, for the host page to keep. */
  | { type: 'visitor'; token: string }
  /** The visitor's data is erased: drop the kept token. */
  | { type: 'forgotten' };

export type TToFrame = TToFrameBody & { parley: 1 };
export type TToLoader = TToLoaderBody & { parley: 1 };

/** Adds the protocol prefix. */
export const envelope = <T extends object>(body: T) => ({ parley: PROTOCOL_VERSION as 1, ...body });

/**
 * True when a MessageEvent comes from where we expect: the exact origin, and,
 * when given, the exact window (a second frame of the same origin, or the page
 * itself, cannot speak for the other side).
 */
export const isFromPeer = (
  event: Pick<MessageEvent, 'origin' | 'source'>,
  peer: { origin: string; source?: unknown },
): boolean => event.origin === peer.origin && (peer.source === undefined || event.source === peer.source);

const isString = (value: unknown): value is string => typeof value === 'string';
/** Visitor tokens are short (`v1.<payload>.<mac>`); the server refuses anything longer anyway. */
export const TOKEN_MAX = 200;
const TOKEN_RE = /^[\w.-]{1,200}$/;
const ROLES = ['visitor', 'bot', 'operator', 'system'];

/** The loader's check of a frame message (kept equal to ZToLoader by protocol.test.ts). */
export const parseToLoaderByHand = (data: unknown): TToLoader | null => {
  if (!data || typeof data !== 'object') return null;
  const m = data as Record<string, unknown>;
  if (m.parley !== PROTOCOL_VERSION) return null;
  switch (m.type) {
    case 'ready':
    case 'close':
    case 'open':
    case 'forgotten':
      return { parley: 1, type: m.type };
    case 'visitor':
      return isString(m.token) && TOKEN_RE.test(m.token) ? { parley: 1, type: 'visitor', token: m.token } : null;
    case 'unread':
      return typeof m.count === 'number' && !isNaN(m.count) ? { parley: 1, type: 'unread', count: m.count } : null;
    case 'message': {
      const x = m.message as Record<string, unknown> | null;
      if (!x || typeof x !== 'object') return null;
      const ok =
        isString(x.id) &&
        ROLES.includes(x.role as string) &&
        isString(x.content) &&
        (x.authorName === null || isString(x.authorName)) &&
        isString(x.createdAt);
      if (!ok) return null;
      const { id, role, content, authorName, createdAt } = x as THostMessage;
      return { parley: 1, type: 'message', message: { id, role, content, authorName, createdAt } };
    }
    default:
      return null;
  }
};
