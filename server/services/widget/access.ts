import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { chatbots, visitors, type TChatbot, type TVisitor } from '../../../db/schema';
import { AppError } from '../../errors';
import { isOriginAllowed } from './origins';
import { installationSecret } from './secrets';
import { verifyPreviewToken, verifyVisitorToken } from './tokens';

export const EMBED_REFUSALS = {
  unknown: 'bot:errors.embedUnknown',
  origin: 'bot:errors.embedOrigin',
  notLive: 'bot:errors.embedNotLive',
} as const;

export const SESSION_INVALID = 'bot:errors.sessionInvalid';
export const SESSION_MISSING = 'bot:errors.sessionMissing';
export const CHAT_UNAVAILABLE = 'bot:errors.unavailable';

const PUBLIC_KEY = /^[\w-]{1,100}$/;

export async function chatbotByPublicKey(db: Db, publicKey: string) {
  if (!PUBLIC_KEY.test(publicKey)) return null;
  const [chatbot] = await db.select().from(chatbots).where(eq(chatbots.publicKey, publicKey));
  return chatbot ?? null;
}

/**
 * Whether the chatbot may load for a page on `hostOrigin` (null: no host page,
 * e.g. the frame opened on its own): a live chatbot on an allowed website or
 * on Parley's own pages; a draft or paused one only on Parley's own pages
 * and with a valid preview token. Returns the chatbot and the preview grant
 * (null when the chatbot is live: a live chatbot needs none, and its visitor
 * tokens then stay the same from visit to visit).
 */
export async function resolveEmbed(
  db: Db,
  input: { publicKey: string; hostOrigin: string | null; preview: string | null; ownOrigins: string[] },
): Promise<{ chatbot: TChatbot; previewUntil: Date | null }> {
  const chatbot = await chatbotByPublicKey(db, input.publicKey);
  if (!chatbot) throw new AppError('NOT_FOUND', EMBED_REFUSALS.unknown);
  const isOwn = input.hostOrigin === null || input.ownOrigins.includes(input.hostOrigin);
  if (!isOwn && !isOriginAllowed(chatbot.allowedOrigins, input.hostOrigin!)) {
    throw new AppError('FORBIDDEN', EMBED_REFUSALS.origin);
  }
  if (chatbot.status === 'live') return { chatbot, previewUntil: null };
  const key = await installationSecret(db, 'visitor_token_key');
  const grant = isOwn && input.preview ? verifyPreviewToken(key, input.preview, { chatbotId: chatbot.id }) : null;
  if (!grant) throw new AppError('FORBIDDEN', EMBED_REFUSALS.notLive);
  return { chatbot, previewUntil: grant.expiresAt };
}

export type TVisitorSession = { visitor: TVisitor; chatbot: TChatbot; previewUntil: Date | null };

/** How long a WebSocket connection trusts what it read about its visitor and chatbot (a pause takes effect within it). */
const SESSION_FRESH_MS = 5_000;

type TSessionRow = { visitor: TVisitor; chatbot: TChatbot };
type TRowLoader = { waiting: Map<string, ((row: TSessionRow | undefined, error?: unknown) => void)[]> };
const rowLoaders = new WeakMap<Db, TRowLoader>();

/**
 * A visitor's row with their chatbot's. The reads of many connections that
 * ask in the same moment (a thousand visitors whose sessions go stale
 * together) are made with one query.
 */
function sessionRowOf(db: Db, visitorId: string) {
  let loader = rowLoaders.get(db);
  if (!loader) rowLoaders.set(db, (loader = { waiting: new Map() }));
  const { waiting } = loader;
  return new Promise<TSessionRow | undefined>((resolve, reject) => {
    const settle = (row: TSessionRow | undefined, error?: unknown) => (error ? reject(error) : resolve(row));
    const callers = waiting.get(visitorId);
    if (callers) return void callers.push(settle);
    waiting.set(visitorId, [settle]);
    if (waiting.size > 1) return;
    setImmediate(() => {
      const batch = new Map(waiting);
      waiting.clear();
      db.select({ visitor: visitors, chatbot: chatbots })
        .from(visitors)
        .innerJoin(chatbots, eq(chatbots.id, visitors.chatbotId))
        .where(inArray(visitors.id, [...batch.keys()]))
        .then(
          (rows) => {
            const byId = new Map(rows.map((row) => [row.visitor.id, row]));
            for (const [id, settles] of batch) for (const settle of settles) settle(byId.get(id));
          },
          (error: unknown) => {
            for (const settles of batch.values()) for (const settle of settles) settle(undefined, error ?? new Error());
          },
        );
    });
  });
}

/**
 * The visitor behind a token, remembered for one WebSocket connection: the
 * signature is checked once, the visitor and chatbot rows re-read at most
 * every few seconds, so a busy connection does not pay two lookups a call.
 */
export function createVisitorSessionCache() {
  let cached: { token: string; session: TVisitorSession; at: number } | null = null;
  let loading: Promise<TVisitorSession> | null = null;

  const load = async (db: Db, token: string): Promise<TVisitorSession> => {
    const key = await installationSecret(db, 'visitor_token_key');
    const claims = verifyVisitorToken(key, token);
    if (!claims) throw new AppError('UNAUTHORIZED', SESSION_INVALID);
    const row = await sessionRowOf(db, claims.visitorId);
    if (!row || row.chatbot.id !== claims.chatbotId || row.visitor.userId) {
      throw new AppError('UNAUTHORIZED', SESSION_INVALID);
    }
    return { ...row, previewUntil: claims.previewUntil };
  };

  return {
    get: async (db: Db, token: string | null): Promise<TVisitorSession> => {
      if (!token) throw new AppError('UNAUTHORIZED', SESSION_MISSING);
      if (cached && cached.token === token && Date.now() - cached.at < SESSION_FRESH_MS) return cached.session;
      loading ??= load(db, token).finally(() => (loading = null));
      const session = await loading;
      cached = { token, session, at: Date.now() };
      const isPreview = session.previewUntil !== null && session.previewUntil > new Date();
      if (session.chatbot.status !== 'live' && !isPreview) throw new AppError('FORBIDDEN', CHAT_UNAVAILABLE);
      return session;
    },
    /** Drops what this connection remembers (the visitor erased themselves): the token must be checked again. */
    forget: () => {
      cached = null;
    },
  };
}

export type TVisitorSessionCache = ReturnType<typeof createVisitorSessionCache>;
