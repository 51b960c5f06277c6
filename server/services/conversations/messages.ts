import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { conversations, messages, usageDaily, type TConversation, type TMessage } from '../../../db/schema';
import { AppError } from '../../errors';
import type { EventBus } from '../../events/bus';
import type { AnswerRunner } from '../answering/runner';
import { presentStoredMessage } from './message-view';

export const MESSAGE_NOT_FOUND = 'inbox:errors.messageNotFound';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const MAX_MESSAGE_CHARS = 2000;

/** What a visitor (or a team member in the playground) may send. */
export const ZVisitorMessage = z
  .string({ error: 'inbox:validation.message' })
  .trim()
  .min(1, 'inbox:validation.message')
  .max(MAX_MESSAGE_CHARS, 'inbox:validation.messageTooLong');

/** A sender's own id for a message (e.g. a UUID the widget made): resending it does not store it twice. */
export const ZClientId = z
  .string({ error: 'inbox:validation.clientId' })
  .min(8, 'inbox:validation.clientIdTooShort')
  .max(64, 'inbox:validation.clientIdTooLong')
  .regex(/^[\w-]+$/, 'inbox:validation.clientIdFormat');

/**
 * Stores a visitor message once: a resend with the same `clientId` (after
 * a reconnect, from an offline queue) returns the stored one with
 * `isNew: false` — in any conversation of the same visitor, so a resend
 * after a reset is recognised too — and nothing is counted or published
 * twice. Counts it in the day's usage, moves the conversation's
 * `lastMessageAt` and publishes `message.created` with the write.
 *
 * All of that but the publishing is one statement. Given a transaction
 * (`deps.db` inside `db.transaction`), it joins it; otherwise it opens one.
 */
export async function receiveVisitorMessage(
  deps: { db: Db; bus: Pick<EventBus, 'publish'> },
  input: { conversation: TConversation; content: string; clientId: string },
): Promise<{ message: TMessage; isNew: boolean }> {
  const run = async (tx: Db) => {
    const { conversation } = input;
    const [row] = await storeVisitorMessage(tx, input);
    if (!row) {
      // Only a racing writer without the visitor's lock gets here: ON CONFLICT skipped the insert.
      const [existing] = await tx
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, conversation.id), eq(messages.clientId, input.clientId)));
      return { message: existing!, isNew: false };
    }
    const { isNew, ...message } = row;
    if (isNew) {
      await deps.bus.publish(
        'message.created',
        {
          workspaceId: conversation.workspaceId,
          chatbotId: conversation.chatbotId,
          conversationId: conversation.id,
          message: presentStoredMessage(message),
        },
        { tx },
      );
    }
    return { message, isNew };
  };
  return isTransaction(deps.db) ? run(deps.db) : deps.db.transaction((tx) => run(tx));
}

/** Whether `db` is a transaction (whose statements then need no transaction of their own). */
export const isTransaction = (db: Db) => db instanceof PgTransaction;

/**
 * The one statement behind receiveVisitorMessage: the stored message of the
 * visitor with this clientId if any (`isNew: false`), else the inserted one
 * (its position set by the seq trigger), with the conversation's
 * `lastMessageAt` and the day's usage moved in the same statement.
 */
function storeVisitorMessage(tx: Db, input: { conversation: TConversation; content: string; clientId: string }) {
  const { conversation, content, clientId } = input;
  const columns = getTableColumns(messages);
  const existing = tx.$with('existing', columns).as(sql`
    select m.* from ${messages} m join ${conversations} c on c.id = m.conversation_id
    where c.visitor_id = ${conversation.visitorId}::uuid and m.client_id = ${clientId}::text
    limit 1`);
  const ins = tx.$with('ins', columns).as(sql`
    insert into ${messages} (workspace_id, conversation_id, role, content, client_id)
    select ${conversation.workspaceId}::uuid, ${conversation.id}::uuid, 'visitor', ${content}::text, ${clientId}::text
    where not exists (select 1 from existing)
    on conflict (conversation_id, client_id) do nothing
    returning *`);
  const touched = tx.$with('touched', {}).as(sql`
    update ${conversations} set last_message_at = ins.created_at from ins where ${conversations.id} = ins.conversation_id`);
  const counted = tx.$with('counted', {}).as(sql`
    insert into ${usageDaily} (workspace_id, chatbot_id, day, messages)
    select ${conversation.workspaceId}::uuid, ${conversation.chatbotId}::uuid, (now() at time zone 'utc')::date, 1 from ins
    where not ${conversation.isTest}::boolean
    on conflict (workspace_id, chatbot_id, day) do update set messages = ${usageDaily}.messages + excluded.messages`);
  const result = tx.$with('result', { ...columns, isNew: sql<boolean>`is_new`.as('is_new') }).as(sql`
    select ins.*, true as is_new from ins union all select existing.*, false from existing`);
  return tx.with(existing, ins, touched, counted, result).select().from(result);
}

/**
 * Thumbs up or down on a bot answer (null clears it), in the playground or
 * the widget. A new thumbs-down records the question it answered as a
 * knowledge gap. `visitorId` narrows the lookup to that visitor's
 * conversations: another visitor's message is "not found".
 */
export async function rateAnswer(
  deps: { db: Db; bus: Pick<EventBus, 'publish'>; answers: Pick<AnswerRunner, 'recordGap'> },
  input: { workspaceId: string; messageId: string; feedback: 'up' | 'down' | null; visitorId?: string },
) {
  if (!UUID.test(input.messageId)) throw new AppError('NOT_FOUND', MESSAGE_NOT_FOUND);
  const result = await deps.db.transaction(async (tx) => {
    const where: SQL[] = [eq(messages.id, input.messageId), eq(messages.workspaceId, input.workspaceId)];
    if (input.visitorId) where.push(eq(conversations.visitorId, input.visitorId));
    const [row] = await tx
      .select({ message: messages, conversation: conversations })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(...where));
    if (!row) throw new AppError('NOT_FOUND', MESSAGE_NOT_FOUND);
    if (row.message.role !== 'bot') throw new AppError('BAD_REQUEST', 'inbox:errors.notBotAnswer');
    await tx.update(messages).set({ feedback: input.feedback }).where(eq(messages.id, row.message.id));
    await deps.bus.publish(
      'message.feedback',
      {
        workspaceId: input.workspaceId,
        chatbotId: row.conversation.chatbotId,
        conversationId: row.conversation.id,
        messageId: row.message.id,
        feedback: input.feedback,
      },
      { tx },
    );
    return row;
  });
  const isNewDown = input.feedback === 'down' && result.message.feedback !== 'down';
  // The team's own tests (playground, preview) never become knowledge gaps.
  if (isNewDown && result.message.replyToId && !result.conversation.isTest) {
    const [question] = await deps.db
      .select({ content: messages.content })
      .from(messages)
      .where(eq(messages.id, result.message.replyToId));
    if (question)
      await deps.answers.recordGap({
        workspaceId: input.workspaceId,
        chatbotId: result.conversation.chatbotId,
        question: question.content,
        reason: 'thumbs_down',
        topScore: null,
      });
  }
  return { id: result.message.id, feedback: input.feedback };
}
