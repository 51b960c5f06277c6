import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Database, Db } from '../../../db/client';
import { conversations, messages, type TConversation, type TMessage } from '../../../db/schema';
import { AppError } from '../../errors';
import type { TPublished } from '../../events/bus';
import { presentStoredMessage } from '../conversations/message-view';
import { readSettings } from '../chatbots/settings';
import type { TVisitorCtx } from './context';
import { lockVisitor, openConversation } from './conversation';

/** The visitor's stored message with this clientId, in any of their conversations. */
export async function storedMessageOf(db: Db, visitorId: string, clientId: string) {
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
export const batcherOf = (database: Database) => {
  let batcher = batchers.get(database);
  if (!batcher) batchers.set(database, (batcher = new SendBatcher()));
  return batcher;
};

const SESSION_ENDED = 'bot:errors.sessionEnded';

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
  return db.transaction(async (tx) => {
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
            emailedTo: null,
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
          events.push({ type: 'message.created', payload: { ...ref, message: presentStoredMessage(message) } });
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
