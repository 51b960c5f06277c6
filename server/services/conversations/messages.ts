import { and, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { conversations, messages, type TConversation, type TMessage } from '../../../db/schema';
import { AppError } from '../../errors';
import type { EventBus } from '../../events/bus';
import { presentMessage } from '../answering/events';
import type { AnswerRunner } from '../answering/runner';
import { countUsage } from './usage';

export const MESSAGE_NOT_FOUND = "We couldn't find that message.";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const MAX_MESSAGE_CHARS = 2000;

/** What a visitor (or a team member in the playground) may send. */
export const ZVisitorMessage = z
  .string({ error: 'Type a message.' })
  .trim()
  .min(1, 'Type a message.')
  .max(MAX_MESSAGE_CHARS, `Keep your message to ${MAX_MESSAGE_CHARS.toLocaleString('en')} characters or fewer.`);

/** A sender's own id for a message (e.g. a UUID the widget made): resending it does not store it twice. */
export const ZClientId = z
  .string({ error: 'Send the message id as text.' })
  .min(8, 'The message id is too short.')
  .max(64, 'The message id is too long.')
  .regex(/^[\w-]+$/, 'The message id may hold letters, digits, "-" and "_" only.');

/**
 * Stores a visitor message once: a resend with the same `clientId` (after
 * a reconnect, from an offline queue) returns the stored one with
 * `isNew: false`, and nothing is counted or published twice. Counts it in
 * the day's usage and publishes `message.created` with the write.
 */
export async function receiveVisitorMessage(
  deps: { db: Db; bus: Pick<EventBus, 'publish'> },
  input: { conversation: TConversation; content: string; clientId: string },
): Promise<{ message: TMessage; isNew: boolean }> {
  const { conversation } = input;
  return deps.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const [inserted] = await tx
      .insert(messages)
      .values({
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        role: 'visitor',
        content: input.content,
        clientId: input.clientId,
      })
      .onConflictDoNothing({ target: [messages.conversationId, messages.clientId] })
      .returning();
    if (!inserted) {
      const [existing] = await tx
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, conversation.id), eq(messages.clientId, input.clientId)));
      return { message: existing!, isNew: false };
    }
    await tx
      .update(conversations)
      .set({ lastMessageAt: inserted.createdAt })
      .where(eq(conversations.id, conversation.id));
    await countUsage(tx, { workspaceId: conversation.workspaceId, chatbotId: conversation.chatbotId, messages: 1 });
    await deps.bus.publish(
      'message.created',
      {
        workspaceId: conversation.workspaceId,
        chatbotId: conversation.chatbotId,
        conversationId: conversation.id,
        message: presentMessage(inserted),
      },
      { tx },
    );
    return { message: inserted, isNew: true };
  });
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
  const result = await deps.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const where: SQL[] = [eq(messages.id, input.messageId), eq(messages.workspaceId, input.workspaceId)];
    if (input.visitorId) where.push(eq(conversations.visitorId, input.visitorId));
    const [row] = await tx
      .select({ message: messages, conversation: conversations })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(...where));
    if (!row) throw new AppError('NOT_FOUND', MESSAGE_NOT_FOUND);
    if (row.message.role !== 'bot') throw new AppError('BAD_REQUEST', 'Only answers from the bot can be rated.');
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
  if (isNewDown && result.message.replyToId) {
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
