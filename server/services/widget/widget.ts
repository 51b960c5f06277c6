import { and, desc, eq, getTableColumns, inArray, lt, sql } from 'drizzle-orm';
import type { Database, Db } from '../../../db/client';
import {
  conversations,
  messages,
  users,
  visitors,
  type TChatbot,
  type TContextValue,
  type TConversation,
  type TMessage,
  type TVisitor,
} from '../../../db/schema';
import type { TEnv } from '../../env';
import { AppError } from '../../errors';
import type { EventBus, TPublished } from '../../events/bus';
import { presentMessage } from '../answering/events';
import type { AnswerRunner } from '../answering/runner';
import { readSettings } from '../chatbots/settings';
import { publishConversation, type TVisitorIdentity } from '../conversations/events';
import { rateAnswer } from '../conversations/messages';
import { resolveEmbed } from './access';
import { consumeWidgetLimits, LIMIT_MESSAGES, refundWidgetLimits, widgetLimiters, type TWidgetLimits } from './limits';
import { normaliseRequestOrigin, ownOrigins } from './origins';
import { toWidgetConversation, toWidgetMessage, type TWidgetConversation, type TWidgetMessage } from './present';
import { installationSecret } from './secrets';
import { encodeEventId } from './stream';
import { signVisitorToken, verifyVisitorToken } from './tokens';

/** What every widget service needs: the request's database, bus, answers and where it came from. */
export type TWidgetCtx = {
  db: Db;
  database: Database;
  env: Pick<TEnv, 'APP_URL' | 'PORT'>;
  bus: Pick<EventBus, 'publish' | 'publishMany' | 'subscribe'>;
  answers: Pick<AnswerRunner, 'start' | 'cancel' | 'recordGap'>;
  headers: Headers;
  ip: string | null;
  visitorToken: string | null;
  widgetLimits?: Partial<TWidgetLimits>;
};

/** …and, behind visitorProcedure, the visitor and chatbot of the token. */
export type TVisitorCtx = TWidgetCtx & { visitor: TVisitor; chatbot: TChatbot };

export const HANDOFF_REQUESTED_MESSAGE =
  'You asked to talk to a person. Someone from the team will reply here as soon as they can.';
export const NO_HANDOFF = 'This chat cannot bring in a person. Please use the website’s other ways to get in touch.';
const OPEN_STATUSES: TConversation['status'][] = ['open', 'pending'];

const limitersOf = (ctx: TWidgetCtx) => widgetLimiters(ctx.database, ctx.widgetLimits);

/** The conversation a visitor is in: their newest open (or waiting-for-a-person) widget conversation. */
async function currentConversation(db: Db, visitorId: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.visitorId, visitorId),
        eq(conversations.channel, 'widget'),
        inArray(conversations.status, OPEN_STATUSES),
      ),
    )
    .orderBy(desc(conversations.createdAt))
    .limit(1);
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

async function operatorNameOf(db: Db, conversation: TConversation) {
  if (!conversation.assignedUserId || conversation.handler !== 'human') return null;
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, conversation.assignedUserId));
  return user?.name ?? null;
}

const widgetConversationOf = async (db: Db, conversation: TConversation | null) =>
  conversation ? toWidgetConversation({ ...conversation, operatorName: await operatorNameOf(db, conversation) }) : null;

/** The conversation keeps text (what the bot's prompt and webhooks read); the visitor keeps the values as given. */
const conversationContextOf = (context: Record<string, TContextValue>) =>
  Object.fromEntries(
    Object.entries(context)
      .filter(([, value]) => value !== null && value !== '')
      .map(([key, value]) => [key, String(value)]),
  );

/** Locks the visitor's row for the rest of the transaction: one visitor's writes happen one after another. */
async function lockVisitor(tx: Db, visitorId: string) {
  const [visitor] = await tx.select().from(visitors).where(eq(visitors.id, visitorId)).for('update');
  if (!visitor) throw new AppError('UNAUTHORIZED', 'This chat session has ended. Reload the page to start again.');
  return visitor;
}

/** A new widget conversation for a locked visitor, announced with the write. */
async function openConversation(ctx: TVisitorCtx, tx: Db, visitor: TVisitor) {
  const [conversation] = await tx
    .insert(conversations)
    .values({
      workspaceId: visitor.workspaceId,
      chatbotId: visitor.chatbotId,
      visitorId: visitor.id,
      channel: 'widget',
      context: conversationContextOf(visitor.context),
    })
    .returning();
  await publishConversation(
    { tx, bus: ctx.bus },
    { type: 'conversation.created', workspaceId: visitor.workspaceId, conversationId: conversation!.id },
  );
  return conversation!;
}

/** New conversations are limited per visitor and per address (checked before the transaction: the limiter has its own connection). */
const consumeConversationLimits = (ctx: TVisitorCtx) => {
  const limiters = limitersOf(ctx);
  return consumeWidgetLimits(
    [
      { limiter: limiters.conversationVisitor, key: ctx.visitor.id },
      { limiter: limiters.conversationIp, key: ctx.ip },
    ],
    LIMIT_MESSAGES.conversation,
  );
};

// ——— start ———

export async function startWidget(
  ctx: TWidgetCtx,
  input: {
    publicKey: string;
    hostOrigin: string | null;
    preview?: string | null;
    visitorToken?: string | null;
    locale?: string | null;
  },
) {
  const hostOrigin = input.hostOrigin === null ? null : normaliseRequestOrigin(input.hostOrigin);
  if (input.hostOrigin !== null && !hostOrigin) {
    throw new AppError('BAD_REQUEST', 'The page address the chat was opened on is not a website address.');
  }
  const { chatbot, previewUntil } = await resolveEmbed(ctx.db, {
    publicKey: input.publicKey,
    hostOrigin,
    preview: input.preview ?? null,
    ownOrigins: ownOrigins(ctx.env, ctx.headers),
  });
  const key = await installationSecret(ctx.db, 'visitor_token_key');
  const token = input.visitorToken || ctx.visitorToken;
  const claims = token ? verifyVisitorToken(key, token) : null;
  const userAgent = ctx.headers.get('user-agent')?.slice(0, 512) ?? null;
  const seen = { locale: input.locale ?? null, userAgent, lastSeenAt: new Date() };

  let visitor: TVisitor | undefined;
  if (claims && claims.chatbotId === chatbot.id) {
    [visitor] = await ctx.db
      .update(visitors)
      .set(seen)
      .where(and(eq(visitors.id, claims.visitorId), eq(visitors.chatbotId, chatbot.id)))
      .returning();
  }
  if (!visitor) {
    await consumeWidgetLimits([{ limiter: limitersOf(ctx).visitorIp, key: ctx.ip }], LIMIT_MESSAGES.visitor);
    [visitor] = await ctx.db
      .insert(visitors)
      .values({ workspaceId: chatbot.workspaceId, chatbotId: chatbot.id, ...seen })
      .returning();
  }
  const conversation = await currentConversation(ctx.db, visitor!.id);
  return {
    visitorToken: signVisitorToken(key, { visitorId: visitor!.id, chatbotId: chatbot.id, previewUntil }),
    visitor: { id: visitor!.id, name: visitor!.name, email: visitor!.email },
    conversation: await widgetConversationOf(ctx.db, conversation),
  };
}

// ——— history ———

/** Message rows with what the widget shows as the author's name. */
const messagesWithAuthors = (db: Db) =>
  db
    .select({ message: messages, operatorName: users.name })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId));

export const authorNameOf = (
  chatbot: Pick<TChatbot, 'name'>,
  role: TWidgetMessage['role'],
  operatorName: string | null,
) => (role === 'bot' ? chatbot.name : role === 'operator' ? operatorName : null);

/**
 * A page of the current conversation, newest page first, oldest message
 * first within it. `cursor` is an event id: subscribing with it as
 * `lastEventId` replays whatever arrives after this read.
 */
export async function widgetHistory(ctx: TVisitorCtx, input: { before?: string | null; limit?: number }) {
  const limit = input.limit ?? 30;
  // Read before the messages: anything stored in between is then replayed rather than missed.
  const [seqRow] = await ctx.db
    .select({ seq: visitors.messageSeq })
    .from(visitors)
    .where(eq(visitors.id, ctx.visitor.id));
  const cursor = encodeEventId(seqRow?.seq ?? 0, 'history');
  const conversation = await currentConversation(ctx.db, ctx.visitor.id);
  if (!conversation) return { conversation: null, messages: [], hasMore: false, nextBefore: null, cursor };
  const rows = await messagesWithAuthors(ctx.db)
    .where(
      and(
        eq(messages.conversationId, conversation.id),
        input.before ? lt(messages.seq, Number(input.before)) : undefined,
      ),
    )
    .orderBy(desc(messages.seq))
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit).reverse();
  return {
    conversation: await widgetConversationOf(ctx.db, conversation),
    messages: page.map((row) =>
      toWidgetMessage(row.message, authorNameOf(ctx.chatbot, row.message.role, row.operatorName)),
    ),
    hasMore,
    nextBefore: hasMore && page[0] ? String(page[0].message.seq) : null,
    cursor,
  };
}

// ——— send ———

/** The visitor's stored message with this clientId, in any of their conversations. */
async function storedMessageOf(db: Db, visitorId: string, clientId: string) {
  const [stored] = await db
    .select({ message: getTableColumns(messages) })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(conversations.visitorId, visitorId), eq(messages.clientId, clientId)))
    .limit(1);
  return stored?.message ?? null;
}

/** What one send came to. */
type TSendOutcome =
  | { kind: 'stored'; message: TMessage; isNew: boolean; willAnswer: boolean }
  /** The visitor has no conversation: spend the new-conversation limits, then send again with `mayOpen`. */
  | { kind: 'needs-conversation' }
  | { kind: 'failed'; error: unknown };

type TSendJob = {
  ctx: TVisitorCtx;
  input: { content: string; clientId: string };
  mayOpen: boolean;
  settle: (outcome: TSendOutcome) => void;
};

/** At most this many messages share a transaction. */
const MAX_BATCH = 500;

/**
 * Group commit for visitor messages: sends that arrive while a batch is
 * being written wait and are written together in the next transaction,
 * with multi-row statements, so the database's per-transaction and
 * per-statement costs are paid once per batch instead of once per message
 * (on the embedded PGlite every statement runs one after another). Each
 * sender gets its own outcome; when a batch fails, its messages are
 * written again one by one, so one bad message fails alone.
 */
class SendBatcher {
  private queue: TSendJob[] = [];
  private isRunning = false;

  send(ctx: TVisitorCtx, input: TSendJob['input'], mayOpen: boolean) {
    return new Promise<TSendOutcome>((settle) => {
      this.queue.push({ ctx, input, mayOpen, settle });
      if (this.isRunning) return;
      this.isRunning = true;
      // Let the messages read in the same turn of the event loop join the first batch.
      setImmediate(() => void this.drain());
    });
  }

  private async drain() {
    while (this.queue.length > 0) await this.run(this.queue.splice(0, MAX_BATCH));
    this.isRunning = false;
  }

  private async run(jobs: TSendJob[]) {
    let outcomes: TSendOutcome[];
    try {
      outcomes = await writeSendBatch(jobs);
    } catch (error) {
      if (jobs.length === 1) return jobs[0]!.settle({ kind: 'failed', error });
      for (const job of jobs) await this.run([job]);
      return;
    }
    jobs.forEach((job, i) => job.settle(outcomes[i]!));
  }
}

// One per database handle, like the limiters.
const batchers = new WeakMap<Database, SendBatcher>();
const batcherOf = (database: Database) => {
  let batcher = batchers.get(database);
  if (!batcher) batchers.set(database, (batcher = new SendBatcher()));
  return batcher;
};

const SESSION_ENDED = 'This chat session has ended. Reload the page to start again.';

/** What `widget_send_batch` (migration 0009) says became of each job. */
const SENT_ROW = {
  ord: sql<number>`ord`.mapWith(Number),
  outcome: sql<'gone' | 'stored' | 'no-conversation' | 'repeat' | 'new' | 'conflict'>`outcome`,
  messageId: sql<string | null>`message_id`,
  conversationId: sql<string | null>`conversation_id`,
  workspaceId: sql<string | null>`workspace_id`,
  chatbotId: sql<string | null>`chatbot_id`,
  status: sql<TConversation['status'] | null>`status`,
  handler: sql<TConversation['handler'] | null>`handler`,
  seq: sql<number | null>`seq`.mapWith(messages.seq),
  createdAt: sql<Date | null>`created_at`.mapWith(messages.createdAt),
};

/**
 * Writes a batch of sends in one transaction: one call of the database
 * function `widget_send_batch` locks the visitors (in id order), finds
 * their current conversations and any message already stored under each
 * clientId, numbers and inserts the new messages in arrival order, and
 * moves the visitors' counters, lastMessageAt and the usage count; then
 * everything is published with one NOTIFY statement — delivered on
 * commit. Jobs whose visitor has no conversation and may open one get it
 * here, and go through the function a second time.
 */
async function writeSendBatch(jobs: TSendJob[]): Promise<TSendOutcome[]> {
  const { db, bus } = jobs[0]!.ctx;
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const outcomes: TSendOutcome[] = new Array(jobs.length);
    const events: TPublished[] = [];
    const write = async (indexes: number[]) => {
      const batch = indexes.map((index) => ({
        ord: index,
        visitor_id: jobs[index]!.ctx.visitor.id,
        client_id: jobs[index]!.input.clientId,
        content: jobs[index]!.input.content,
      }));
      return tx.select(SENT_ROW).from(sql`widget_send_batch(${JSON.stringify(batch)}::json)`);
    };
    // Stored before (in any of the visitor's conversations), or meanwhile by a writer that does not lock the visitor.
    const storedOf = async (index: number) => {
      const job = jobs[index]!;
      const message = await storedMessageOf(tx, job.ctx.visitor.id, job.input.clientId);
      outcomes[index] = { kind: 'stored', message: message!, isNew: false, willAnswer: false };
    };

    const repeats: number[] = [];
    const opening: number[] = [];
    const settle = async (rows: Awaited<ReturnType<typeof write>>, mayOpen: boolean) => {
      for (const row of rows) {
        const index = row.ord;
        const job = jobs[index]!;
        if (row.outcome === 'gone')
          outcomes[index] = { kind: 'failed', error: new AppError('UNAUTHORIZED', SESSION_ENDED) };
        else if (row.outcome === 'stored' || row.outcome === 'conflict') await storedOf(index);
        else if (row.outcome === 'repeat') repeats.push(index);
        else if (row.outcome === 'no-conversation') {
          if (mayOpen && job.mayOpen) opening.push(index);
          else outcomes[index] = { kind: 'needs-conversation' };
        } else {
          const conversation = {
            id: row.conversationId!,
            workspaceId: row.workspaceId!,
            chatbotId: row.chatbotId!,
            status: row.status!,
            handler: row.handler!,
          };
          const message: TMessage = {
            id: row.messageId!,
            conversationId: conversation.id,
            clientId: job.input.clientId,
            seq: row.seq!,
            createdAt: row.createdAt!,
            workspaceId: conversation.workspaceId,
            role: 'visitor',
            authorUserId: null,
            content: job.input.content,
            replyToId: null,
            outcome: null,
            citations: null,
            retrieval: null,
            provider: null,
            model: null,
            tokensIn: null,
            tokensOut: null,
            firstTokenMs: null,
            latencyMs: null,
            feedback: null,
            offersHandoff: false,
          };
          const willAnswer =
            conversation.status === 'open' &&
            conversation.handler === 'bot' &&
            readSettings(job.ctx.chatbot.settings).responseMode !== 'human';
          outcomes[index] = { kind: 'stored', message, isNew: true, willAnswer };
          const ref = {
            workspaceId: conversation.workspaceId,
            chatbotId: conversation.chatbotId,
            conversationId: conversation.id,
          };
          events.push({ type: 'message.created', payload: { ...ref, message: presentMessage(message) } });
          // "The bot is writing" until its answer (or a cancellation) arrives; the stream ends it.
          if (willAnswer) {
            events.push({
              type: 'typing',
              payload: { ...ref, who: 'bot', name: job.ctx.chatbot.name, isTyping: true },
            });
          }
        }
      }
    };

    await settle(await write(jobs.map((_, index) => index)), true);
    if (opening.length > 0) {
      // One conversation per visitor (the first of their jobs opens it); the second pass stores their messages.
      const opened = new Set<string>();
      for (const index of opening) {
        const job = jobs[index]!;
        if (opened.has(job.ctx.visitor.id)) continue;
        opened.add(job.ctx.visitor.id);
        await openConversation(job.ctx, tx, await lockVisitor(tx, job.ctx.visitor.id));
      }
      await settle(await write(opening), false);
    }
    // The same message twice in one batch: the second is a resend of the first.
    for (const index of repeats) {
      const first = jobs.findIndex(
        (job) =>
          job.ctx.visitor.id === jobs[index]!.ctx.visitor.id && job.input.clientId === jobs[index]!.input.clientId,
      );
      const outcome = outcomes[first]!;
      outcomes[index] = outcome.kind === 'stored' ? { ...outcome, isNew: false, willAnswer: false } : outcome;
    }
    if (events.length > 0) await bus.publishMany(events, { tx });
    return outcomes;
  });
}

/**
 * Stores a visitor message once per `clientId` (a resend, in any of the
 * visitor's conversations, returns the stored one without spending rate
 * limits), opening a conversation when the visitor has none, and starts
 * the bot's answer when the bot handles the conversation. The message and
 * everything it causes are published with the write.
 *
 * Messages are written in batches (SendBatcher): concurrent sends share
 * one transaction. A visitor without a conversation is sent back once to
 * spend the new-conversation limits, which live in the database and so
 * cannot be spent inside the transaction (PGlite has one connection).
 */
export async function sendWidgetMessage(ctx: TVisitorCtx, input: { content: string; clientId: string }) {
  const receivedAt = performance.now();
  const limiters = limitersOf(ctx);
  const messageLimits = [
    { limiter: limiters.messageVisitor, key: ctx.visitor.id },
    { limiter: limiters.messageIp, key: ctx.ip },
  ];
  try {
    await consumeWidgetLimits(messageLimits, LIMIT_MESSAGES.message);
  } catch (error) {
    // A resend of a stored message is answered even over the limit (an offline queue replaying).
    const stored = error instanceof AppError ? await storedMessageOf(ctx.db, ctx.visitor.id, input.clientId) : null;
    if (stored) return toWidgetMessage(stored, null);
    throw error;
  }

  const batcher = batcherOf(ctx.database);
  let outcome = await batcher.send(ctx, input, false);
  if (outcome.kind === 'needs-conversation') {
    await consumeConversationLimits(ctx);
    outcome = await batcher.send(ctx, input, true);
  }
  if (outcome.kind === 'failed') throw outcome.error;
  if (outcome.kind !== 'stored') throw new Error('A message was sent back twice for a conversation.');
  // A resend spends nothing.
  if (!outcome.isNew) await refundWidgetLimits(messageLimits);
  if (outcome.willAnswer) {
    ctx.answers.start({ messageId: outcome.message.id, conversationId: outcome.message.conversationId, receivedAt });
  }
  return toWidgetMessage(outcome.message, null);
}

// ——— identify, context ———

const pickIdentity = (visitor: TVisitor): TVisitorIdentity => ({
  id: visitor.id,
  name: visitor.name,
  email: visitor.email,
  traits: visitor.traits,
});

/** The host page's `identify`; the team's open views hear of a change (`visitor.updated`). */
export async function identifyVisitor(
  ctx: TVisitorCtx,
  input: { name?: string | null; email?: string | null; traits?: Record<string, TContextValue> },
) {
  await ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const visitor = await lockVisitor(tx, ctx.visitor.id);
    const [stored] = await tx
      .update(visitors)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.email !== undefined && { email: input.email }),
        // Traits add up across calls, like most analytics tools; null removes one.
        ...(input.traits && {
          traits: Object.fromEntries(
            Object.entries({ ...visitor.traits, ...input.traits }).filter(([, value]) => value !== null),
          ),
        }),
        lastSeenAt: new Date(),
      })
      .where(eq(visitors.id, visitor.id))
      .returning();
    const identity = pickIdentity(stored!);
    // Both read back from jsonb, so equal traits serialise alike.
    if (JSON.stringify(identity) === JSON.stringify(pickIdentity(visitor))) return;
    await ctx.bus.publish(
      'visitor.updated',
      { workspaceId: ctx.chatbot.workspaceId, chatbotId: ctx.chatbot.id, visitor: identity },
      { tx },
    );
  });
  return { ok: true as const };
}

/**
 * What the host page says about where the visitor is now (page, product…):
 * replaces the previous context on the visitor and on the current
 * conversation (new conversations start with it).
 */
export async function setVisitorContext(ctx: TVisitorCtx, input: { context: Record<string, TContextValue> }) {
  await ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await lockVisitor(tx, ctx.visitor.id);
    await tx.update(visitors).set({ context: input.context }).where(eq(visitors.id, ctx.visitor.id));
    const conversation = await currentConversation(tx, ctx.visitor.id);
    const context = conversationContextOf(input.context);
    if (!conversation || JSON.stringify(conversation.context) === JSON.stringify(context)) return;
    await tx.update(conversations).set({ context }).where(eq(conversations.id, conversation.id));
    await publishConversation(
      { tx, bus: ctx.bus },
      { type: 'conversation.updated', workspaceId: conversation.workspaceId, conversationId: conversation.id },
    );
  });
  return { ok: true as const };
}

// ——— feedback ———

export const rateWidgetMessage = (ctx: TVisitorCtx, input: { messageId: string; feedback: 'up' | 'down' | null }) =>
  rateAnswer(ctx, { workspaceId: ctx.chatbot.workspaceId, visitorId: ctx.visitor.id, ...input });

/** The end-of-chat rating, on the visitor's newest conversation (often just resolved). */
export async function rateConversation(ctx: TVisitorCtx, input: { rating: number; comment?: string | null }) {
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const [conversation] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.visitorId, ctx.visitor.id), eq(conversations.channel, 'widget')))
      .orderBy(desc(conversations.createdAt))
      .limit(1);
    if (!conversation) throw new AppError('NOT_FOUND', 'There is no conversation to rate yet.');
    await tx
      .update(conversations)
      .set({ rating: input.rating, ratingComment: input.comment || null, ratedAt: new Date() })
      .where(eq(conversations.id, conversation.id));
    const view = await publishConversation(
      { tx, bus: ctx.bus },
      { type: 'conversation.updated', workspaceId: conversation.workspaceId, conversationId: conversation.id },
    );
    return toWidgetConversation(view!);
  });
}

// ——— a person ———

/**
 * "Talk to a person": the conversation waits for the team (`pending`), with
 * a system message saying so. Asking again changes nothing.
 */
export async function requestHuman(ctx: TVisitorCtx): Promise<TWidgetConversation> {
  if (readSettings(ctx.chatbot.settings).handoffPolicy === 'never') throw new AppError('FORBIDDEN', NO_HANDOFF);
  if (!(await currentConversation(ctx.db, ctx.visitor.id))) await consumeConversationLimits(ctx);
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const visitor = await lockVisitor(tx, ctx.visitor.id);
    const conversation = (await currentConversation(tx, visitor.id)) ?? (await openConversation(ctx, tx, visitor));
    if (conversation.status === 'pending' || conversation.handler === 'human') {
      return (await widgetConversationOf(tx, conversation))!;
    }
    await tx
      .update(conversations)
      .set({ status: 'pending', handoffRequestedAt: new Date() })
      .where(eq(conversations.id, conversation.id));
    const [notice] = await tx
      .insert(messages)
      .values({
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        role: 'system',
        content: HANDOFF_REQUESTED_MESSAGE,
      })
      .returning();
    await tx
      .update(conversations)
      .set({ lastMessageAt: notice!.createdAt })
      .where(eq(conversations.id, conversation.id));
    const ref = {
      workspaceId: conversation.workspaceId,
      chatbotId: conversation.chatbotId,
      conversationId: conversation.id,
    };
    await ctx.bus.publish('message.created', { ...ref, message: presentMessage(notice!) }, { tx });
    const view = await publishConversation({ tx, bus: ctx.bus }, { type: 'conversation.updated', ...ref });
    return toWidgetConversation(view!);
  });
}

// ——— reset, read ———

/** Ends the current conversation (resolved); the next message starts a new one. */
export async function resetConversation(ctx: TVisitorCtx) {
  const conversationId = await ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await lockVisitor(tx, ctx.visitor.id);
    const conversation = await currentConversation(tx, ctx.visitor.id);
    if (!conversation) return null;
    await tx
      .update(conversations)
      .set({ status: 'resolved', resolvedAt: new Date() })
      .where(eq(conversations.id, conversation.id));
    await publishConversation(
      { tx, bus: ctx.bus },
      { type: 'conversation.updated', workspaceId: conversation.workspaceId, conversationId: conversation.id },
    );
    return conversation.id;
  });
  // An answer still being written to the old conversation would only confuse the new one.
  if (conversationId) ctx.answers.cancel(conversationId);
  return { ok: true as const };
}

/** The visitor has seen the conversation up to now (the inbox shows it). */
export async function markConversationRead(ctx: TVisitorCtx) {
  await ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const conversation = await currentConversation(tx, ctx.visitor.id);
    if (!conversation) return;
    await tx.update(conversations).set({ visitorReadAt: new Date() }).where(eq(conversations.id, conversation.id));
    await publishConversation(
      { tx, bus: ctx.bus },
      { type: 'conversation.updated', workspaceId: conversation.workspaceId, conversationId: conversation.id },
    );
  });
  return { ok: true as const };
}

// ——— typing ———

/** A visitor's "is typing" goes out at most this often while it stays on; "stopped" always goes out. */
const TYPING_EVERY_MS = 3_000;
const typingState = new Map<string, { isTyping: boolean; at: number }>();

export async function visitorTyping(ctx: TVisitorCtx, input: { isTyping: boolean }) {
  const now = Date.now();
  const last = typingState.get(ctx.visitor.id);
  const isRepeat = input.isTyping ? !!last?.isTyping && now - last.at < TYPING_EVERY_MS : !last?.isTyping;
  if (isRepeat) return { ok: true as const };
  if (input.isTyping) typingState.set(ctx.visitor.id, { isTyping: true, at: now });
  else typingState.delete(ctx.visitor.id);
  // Visitors who close the tab mid-sentence never say "stopped"; forget them after a while.
  if (typingState.size > 10_000)
    for (const [id, state] of typingState) if (now - state.at > 60_000) typingState.delete(id);
  const conversation = await currentConversation(ctx.db, ctx.visitor.id);
  if (!conversation) return { ok: true as const };
  await ctx.bus.publish('typing', {
    workspaceId: conversation.workspaceId,
    chatbotId: conversation.chatbotId,
    conversationId: conversation.id,
    who: 'visitor',
    name: ctx.visitor.name,
    isTyping: input.isTyping,
  });
  return { ok: true as const };
}
